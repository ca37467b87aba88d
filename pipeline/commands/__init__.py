"""The command line: one module per command; only this layer prints."""
