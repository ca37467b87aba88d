"""Content: English Markdown documents read into documents, blocks and segments."""
