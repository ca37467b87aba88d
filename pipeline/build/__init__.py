"""The build: what to build, in which workers, what is already current."""
