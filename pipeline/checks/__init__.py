"""Checks: content, catalogs and translations, and the publishing gates built on them."""
