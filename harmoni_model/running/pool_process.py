"""A worker process: ``python -m harmoni_model.running.pool_process`` (started by :mod:`harmoni_model.running.pool`).

Reads ``(function, args)`` pickles on stdin, answers ``(True, result)`` or
``(False, traceback text)`` on stdout, and exits at end of input.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback

from harmoni_model.running.pool import receive_bytes, send
from harmoni_model.simulation import engine  # noqa: F401  (warm: the first job needs no imports)


def main() -> None:
    """Serve jobs until stdin closes."""
    channel_in = os.fdopen(os.dup(sys.stdin.fileno()), "rb")
    channel_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the channel
    while True:
        try:
            message = receive_bytes(channel_in)
        except EOFError:
            return
        try:
            fn, args = pickle.loads(message)
            reply: tuple[bool, object] = (True, fn(*args))
        except Exception as exc:
            reply = (False, exc if _picklable(exc) else traceback.format_exc())
        send(channel_out, reply)


def _picklable(obj: object) -> bool:
    try:
        pickle.loads(pickle.dumps(obj))
    except Exception:
        return False
    return True


if __name__ == "__main__":
    main()
