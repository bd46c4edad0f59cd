#!/usr/bin/env python3
"""Build the ECHO hub site: `python build.py --help` lists the commands and options."""

from echo_site.cli import run

if __name__ == "__main__":
    run(program="build.py")
