"""The README's Python snippets run on the trace its own commands write."""

import re
import subprocess
import sys

from conftest import REPO


def run_snippet(spinsim, tmp_path, first_line):
    """Runs the README's `spinsim run ... --out trace.h5` command in tmp_path,
    then the README's Python snippet starting with `first_line` there."""
    readme = (REPO / "README.md").read_text()
    command = re.search(r"^\.build/release/spinsim run (.*--out trace\.h5.*)$", readme, re.M).group(1).split()
    out = tmp_path / "trace.h5"
    spinsim("run", *[str(REPO / word) if word.endswith(".toml") else str(out) if word == "trace.h5" else word
              for word in command])
    snippet = re.search(r"```python\n(" + re.escape(first_line) + r"\n.*?)```", readme, re.S).group(1)
    result = subprocess.run([sys.executable, "-c", snippet], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_readme_snippet_reads_the_trace_of_the_readme_command(spinsim, tmp_path):
    assert "spikes; completed: True" in run_snippet(spinsim, tmp_path, "import h5py")


def test_readme_package_snippet_reads_the_trace_of_the_readme_command(spinsim, tmp_path):
    output = run_snippet(spinsim, tmp_path, "import spinsim")
    assert re.search(r"^\d+ spikes; \d+ samples of mV$", output, re.M), output
    assert (tmp_path / "trace.nwb").stat().st_size > 0
