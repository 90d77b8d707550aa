"""``python -m harmoni_model``: see :mod:`harmoni_model.cli`."""

import sys

from .cli import main

sys.exit(main())
