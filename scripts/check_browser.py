"""Fail early, in one line, when the browser the end-to-end tests drive is missing."""

import os
import shutil
import sys
from pathlib import Path

CHROMIUM = os.environ.get("BACKCARE_CHROMIUM", "/usr/bin/chromium")

if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
    sys.exit(
        f"error: the browser tests need Debian's Chromium at {CHROMIUM}; install it with "
        "'sudo apt-get install chromium' (or set BACKCARE_CHROMIUM to another Chromium binary)."
    )
