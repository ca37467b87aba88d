"""``python -m pipeline``: the same as the ``pipeline`` command."""

from __future__ import annotations

import sys

from pipeline.commands.main import main

sys.exit(main())
