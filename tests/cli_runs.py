"""Running the command line as a real process, and checking a clean failure (shared by the CLI tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_cli(
    *args: str | Path, timeout: float = 120, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m harmoni_model ARGS`` from the repository root (`env`: variables added to the environment)."""
    return subprocess.run(
        [sys.executable, "-m", "harmoni_model", *map(str, args)],
        cwd=ROOT,
        env=None if env is None else {**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def assert_clean_failure(result: subprocess.CompletedProcess[str]) -> list[str]:
    """Exit status 2, nothing on stdout, no traceback; returns the stderr lines."""
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines, "no message on stderr"
    assert all(line.strip() for line in lines), result.stderr
    return lines
