"""The README's Python snippet runs on the trace its own commands write."""

import re
import subprocess
import sys

from conftest import REPO


def test_readme_snippet_reads_the_trace_of_the_readme_command(spinsim, tmp_path):
    readme = (REPO / "README.md").read_text()
    command = re.search(r"^\.build/release/spinsim run (.*--out trace\.h5.*)$", readme, re.M).group(1).split()
    out = tmp_path / "trace.h5"
    spinsim("run", *[str(REPO / word) if word.endswith(".toml") else str(out) if word == "trace.h5" else word
              for word in command])
    snippet = re.search(r"```python\n(import h5py.*?)```", readme, re.S).group(1)
    result = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "spikes; completed: True" in result.stdout
