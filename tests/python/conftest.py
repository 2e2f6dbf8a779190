"""Shared helpers for tests that drive the spinsim executable (SPINSIM_BIN)."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BENCH4 = REPO / "examples" / "bench4.toml"


@pytest.fixture(scope="session")
def spinsim():
    """Runs spinsim with arguments; returns the CompletedProcess."""
    binary = os.environ.get("SPINSIM_BIN")
    if not binary:
        pytest.skip("set SPINSIM_BIN to the spinsim executable")

    def run(*arguments, check=True, timeout=600):
        result = subprocess.run([binary, *map(str, arguments)], cwd=REPO, capture_output=True, text=True, timeout=timeout)
        if check:
            assert result.returncode == 0, f"spinsim {' '.join(map(str, arguments))} failed:\n{result.stdout}\n{result.stderr}"
        return result

    run.binary = binary
    return run
