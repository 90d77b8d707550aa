"""salabim, imported without numpy where that is safe.

salabim imports numpy at import time only to seed numpy's global generator,
which this model never uses. In a single-threaded process (the command line, a
worker process) we keep numpy out: it saves 50-80 ms at every start. salabim
then uses its pure-Python fallbacks, which this model does not call anyway.
In a threaded server numpy is imported as usual (hiding a module from other
threads, even briefly, could break their imports).
"""

from __future__ import annotations

import sys
import threading

if "numpy" in sys.modules or threading.active_count() > 1:
    import salabim as sim
else:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # makes `import numpy` fail inside salabim
    try:
        import salabim as sim
    finally:
        del sys.modules["numpy"]

__all__ = ["sim"]
