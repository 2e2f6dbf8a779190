#!/usr/bin/env python3
"""The README's reservoir figure from a model file and a trace of one utterance:

    scripts/reservoir-figure.py MODEL.h5 TRACE.h5 UTTERANCE OUT.png

(a) the utterance's front-end features (a cochleagram for a cochleagram
model), (b) the oscillator's power over its virtual nodes with the drive
current, for the first frames and in full, (c) the held-out confusion
matrix stored in the model by `reservoir train`. Needs h5py, numpy and
matplotlib."""

import json
import sys

import h5py
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np


def main(model_path, trace_path, utterance, out_path):
    with h5py.File(trace_path, "r") as trace, h5py.File(model_path, "r") as model:
        group = trace["reservoir/utterances"][utterance]
        features = group["features"][()]
        power = group["power"][()]
        currents = group["currents_ma"][()]
        reservoir = json.loads(trace["reservoir"].attrs["reservoir"])
        front_end = json.loads(trace["reservoir"].attrs["front_end"])
        confusion = model["reservoir/cross_validation/confusion"][()]
        cv = model["reservoir/cross_validation"].attrs
        held, total = int(np.sum(cv["held_out_correct"])), int(np.sum(cv["held_out_total"]))
    theta = reservoir["nodeDuration"]
    nodes = reservoir["nodes"]
    fig = plt.figure(figsize=(12, 7.5), constrained_layout=True)
    grid = fig.add_gridspec(2, 3)
    ax = fig.add_subplot(grid[0, 0:2])
    hop_ms = front_end["hop"] * 1000
    ax.imshow(features.T, origin="lower", aspect="auto", cmap="magma",
              extent=[0, features.shape[0] * hop_ms, 0, features.shape[1]])
    ax.set_xlabel("time in the utterance (ms)")
    ax.set_ylabel(f"{front_end['kind']} channel (low to high frequency)")
    ax.set_title(f"(a) {utterance}: {front_end['kind']}, scaled to [0, 1]")

    ax = fig.add_subplot(grid[1, 0])
    shown = 80
    t = np.arange(shown + 1) * theta
    p = power.ravel()[:shown]
    ax.plot(t, np.concatenate([[p[0]], p]), "o-", ms=2.5, color="tab:blue", lw=0.8)
    ax.set_xlabel("oscillator time (µs)")
    ax.set_ylabel("power p at the end of each node", color="tab:blue")
    twin = ax.twinx()
    c = currents.ravel()[:shown]
    twin.step(t, np.concatenate([[c[0]], c]), where="pre", color="tab:orange", lw=0.8, alpha=0.7)
    twin.set_ylabel("drive current (mA)", color="tab:orange")
    ax.set_title(f"(b) frame 1, nodes 0-{shown - 1} ({theta * 1000:.0f} ns each)", fontsize=10)

    ax = fig.add_subplot(grid[1, 1])
    image = ax.imshow(power[:, :200].T, origin="lower", aspect="auto", cmap="viridis",
                      extent=[0, power.shape[0] * hop_ms, 0, 200])
    fig.colorbar(image, ax=ax, label="power p")
    ax.set_xlabel("time in the utterance (ms)")
    ax.set_ylabel("virtual node")
    clamped = np.mean(currents == 0)
    ax.set_title(f"(b') node states 0-199; {100 * clamped:.2f} % of nodes at 0 mA", fontsize=10)

    ax = fig.add_subplot(grid[:, 2])
    ax.imshow(confusion, cmap="Blues")
    for i in range(confusion.shape[0]):
        for j in range(confusion.shape[1]):
            if confusion[i, j]:
                ax.text(j, i, str(confusion[i, j]), ha="center", va="center", fontsize=7,
                        color="white" if confusion[i, j] > confusion.max() / 2 else "black")
    ax.set_xticks(range(10))
    ax.set_yticks(range(10))
    ax.set_xlabel("predicted digit")
    ax.set_ylabel("spoken digit")
    ax.set_title(f"(c) held out: {held}/{total} ({100 * held / total:.1f} %)")
    fig.savefig(out_path, dpi=110)


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
