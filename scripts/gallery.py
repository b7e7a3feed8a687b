#!/usr/bin/env python3
"""The poster gallery's command line: ``python scripts/gallery.py COMMAND``. See ``postergallery/cli.py``."""

import sys

from postergallery.cli import main

if __name__ == "__main__":
    sys.exit(main())
