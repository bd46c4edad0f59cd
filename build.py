#!/usr/bin/env python3
"""Build the ECHO hub site: `python build.py --help` lists the commands and options."""

import gc
import sys

from echo_site.cli import main

if __name__ == "__main__":
    code = main(program="build.py")
    # The process ends here. What the build made is freed by the system at once, without
    # Python's cycle collector walking it first (a quarter of a second at 10,000 pages).
    gc.freeze()
    sys.exit(code)
