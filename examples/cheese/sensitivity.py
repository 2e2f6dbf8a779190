#!/usr/bin/env python3
"""Sensitivity of the shipped detectors to device mismatch: each start
frequency in turn is offset by +/- delta MHz (the others unchanged) and the
benchmark is classified again; prints the worst accuracy per delta.
Usage: examples/cheese/sensitivity.py [path/to/spinsim] (release build)."""
import json, os, re, subprocess, sys, tempfile

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
spinsim = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, ".build", "release", "spinsim")
data = os.path.join(root, "datasets", "cheese", "benchmark.csv")
deltas = [0.02, 0.05, 0.1, 0.2, 0.5]
print("| detector | " + " | ".join(f"+/-{d} MHz" for d in deltas) + " |  (worst correct of 40 over the 6 offsets)")
print("|---|" + "---|" * len(deltas))
for name in ["cheddar", "brie", "cheshire", "stilton"]:
    base = json.load(open(os.path.join(root, "examples", "cheese", f"{name}.json")))
    cells = []
    for delta in deltas:
        worst = 40
        for i in range(3):
            for sign in (1, -1):
                p = dict(base, startFrequencies=list(base["startFrequencies"]))
                p["startFrequencies"][i] += sign * delta
                with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                    json.dump(p, f)
                out = subprocess.run([spinsim, "cheese", "classify", "--data", data, "--target", name, "--params", f.name],
                                     capture_output=True, text=True, check=True).stdout
                os.unlink(f.name)
                worst = min(worst, int(re.search(r"accuracy (\d+)/", out).group(1)))
        cells.append(str(worst))
    print(f"| {name} | " + " | ".join(cells) + " |")
