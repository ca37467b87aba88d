"""Rendering: HTML pages and large-print PDF handouts, with their fonts, styles and assets."""
