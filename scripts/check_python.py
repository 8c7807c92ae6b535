"""Refuse to build the environment on a Python older than the project supports."""

import sys

if sys.version_info < (3, 11):  # noqa: UP036 - runs under any python3 the user has
    sys.exit(
        f"error: BackCare Workbook needs Python 3.11 or newer; {sys.executable} is "
        f"{sys.version.split()[0]}. Run make with PYTHON=/path/to/python3.11."
    )
