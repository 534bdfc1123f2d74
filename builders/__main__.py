"""`python -m builders …`: the same commands as `invoke …`."""

import sys

from .cli import main, quick_exit

sys.exit(quick_exit(main()))
