"""``python -m terakoya``: the same as the ``terakoya`` command."""

import sys

from .cli import main

sys.exit(main())
