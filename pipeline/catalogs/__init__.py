"""Catalogs: extraction to a template, reading and writing PO files, merging, translations."""
