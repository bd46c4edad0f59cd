"""echo-site: a static site generator for Project ECHO hub websites."""

__version__ = "0.1.0"
