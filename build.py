#!/usr/bin/env python3
"""Build the ECHO hub site: `python build.py --help` lists the commands and options."""

import sys

from echo_site.cli import main

if __name__ == "__main__":
    sys.exit(main())
