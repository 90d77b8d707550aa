"""A worker process: ``python -m harmoni_model.running.pool_process`` (started by :mod:`harmoni_model.running.pool`).

Reads ``(function, args)`` pickles on stdin, answers ``(True, result)`` or
``(False, traceback text)`` on stdout, and exits at end of input.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import time
import traceback

from harmoni_model.running.pool import receive_bytes, send
from harmoni_model.simulation import engine  # noqa: F401  (warm: the first job needs no imports)


def _exit_with_parent(parent: int) -> None:
    """End this worker when the server that started it has gone (even mid-job: nobody waits for the answer)."""
    while True:
        time.sleep(1.0)
        if os.getppid() != parent:
            os._exit(1)


def main() -> None:
    """Serve jobs until stdin closes, or the parent process has gone."""
    # A killed server (SIGKILL, OOM) cannot stop its workers; without this, a worker in a long job would
    # run on to the end of it, orphaned. (PR_SET_PDEATHSIG would fire when the parent *thread* ends.)
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
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
