"""`python -m builders …`: the same commands as `invoke …`."""

import sys

from .cli import main

sys.exit(main())
