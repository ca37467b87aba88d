"""Configuration: the project's settings (``pipeline.toml``) and clinic profiles."""
