"""Entry point for `python -m explainer`."""
import os
import sys

from .cli import main

try:
    sys.exit(main())
except BrokenPipeError:  # the reader piped us into `head`: stop quietly
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(0)
