#!/usr/bin/env python3
"""Build the ECHO hub site: `python build.py --help` lists the commands and options."""

import os
import sys

from echo_site.cli import main

if __name__ == "__main__":
    # The process ends as soon as the command is done: what the build made (hundreds of
    # thousands of objects at 10,000 pages) is kept until then and handed back to the system
    # at once, instead of being freed object by object and walked by Python's cycle collector
    # on the way out (together a quarter of a second of a build that changed one page).
    made: list[object] = []
    code = main(program="build.py", kept=made)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
