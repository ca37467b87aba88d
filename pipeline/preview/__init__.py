"""The live preview behind ``pipeline serve``: a private build, a file watcher, and pages annotated for translators."""
