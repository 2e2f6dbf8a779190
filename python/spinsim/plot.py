"""Plot a SpinSim trace: spike raster, population rate, ISI distribution and
sampled state variables, to one PNG.

    python -m spinsim.plot bench4.h5 -o bench4.png [--window 0 1000] [--raster-nodes 200]

Needs h5py, numpy and matplotlib (pip install "./python[plot]"). Reads the file the
way any user would: SONATA groups /spikes/<population> and /report/<population>.
"""

import argparse
import sys

import h5py
import numpy as np


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="HDF5 trace written by spinsim run --out")
    parser.add_argument("-o", "--output", help="PNG file (default: TRACE with .png)")
    parser.add_argument("--window", nargs=2, type=float, metavar=("START", "END"),
                        help="time window of raster, rate and state panels in ms (default: first 1000 ms)")
    parser.add_argument("--raster-nodes", type=int, default=200, help="nodes per population shown in the raster")
    parser.add_argument("--bin", type=float, default=5.0, help="rate histogram bin in ms")
    return parser.parse_args()


def read(path):
    """Spikes per population and sampled reports, as numpy arrays."""
    with h5py.File(path, "r") as file:
        if "spinsim_version" not in file.attrs:
            raise ValueError(f"{path}: not a SpinSim trace")
        spikes = {}
        for name, group in file.get("spikes", {}).items():
            spikes[name] = (group["timestamps"][:], group["node_ids"][:], int(group.attrs.get("node_count", 0)))
        reports = {}
        for name, group in file.get("report", {}).items():
            start, stop, step = group["mapping/time"][:]
            reports[name] = dict(
                data=group["data"][:], nodes=group["mapping/node_ids"][:], start=start, step=step,
                units=group["data"].attrs.get("units", ""), variable=group["data"].attrs.get("variable", ""))
        span = (float(file.attrs.get("start_time", 0.0)), float(file.attrs.get("end_time", np.nan)))
    return spikes, reports, span


def plot(path, output, window, raster_nodes, bin_width):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    spikes, reports, span = read(path)
    if window is None:
        window = (span[0], min(span[0] + 1000.0, span[1]) if np.isfinite(span[1]) else span[0] + 1000.0)
    rows = 3 + (1 if reports else 0)
    figure, axes = plt.subplots(rows, 1, figsize=(9, 2.6 * rows), constrained_layout=True)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]

    raster, rate, isi = axes[0], axes[1], axes[2]
    offset = 0
    edges = np.arange(window[0], window[1] + bin_width, bin_width)
    for index, (name, (times, nodes, count)) in enumerate(spikes.items()):
        colour = colours[index % len(colours)]
        shown = (times >= window[0]) & (times < window[1]) & (nodes < raster_nodes)
        raster.plot(times[shown], nodes[shown] + offset, ".", markersize=1.5, color=colour, label=name)
        offset += min(raster_nodes, count or raster_nodes)
        inside = times[(times >= window[0]) & (times < window[1])]
        histogram, _ = np.histogram(inside, bins=edges)
        rate.plot(edges[:-1] + bin_width / 2, histogram / max(count, 1) / (bin_width / 1000.0), color=colour, label=name)
        order = np.lexsort((times, nodes))
        sorted_nodes, sorted_times = nodes[order], times[order]
        same = sorted_nodes[1:] == sorted_nodes[:-1]
        intervals = np.diff(sorted_times)[same]
        if len(intervals):
            isi.hist(intervals, bins=100, range=(0, np.percentile(intervals, 99)), histtype="step", color=colour,
                     density=True, label=f"{name} (mean {intervals.mean():.1f} ms)")
    raster.set(ylabel="node", title=f"{path}: spikes ({raster_nodes} nodes per population)")
    raster.legend(loc="upper right", markerscale=6)
    rate.set(ylabel="rate (Hz)", title=f"population rate ({bin_width:g} ms bins)")
    isi.set(xlabel="inter-spike interval (ms)", ylabel="density", title="ISI distribution (whole run)")
    isi.legend(loc="upper right")
    for axis in (raster, rate):
        axis.set_xlim(window)
        axis.set_xlabel("time (ms)")

    if reports:
        state = axes[3]
        for name, report in reports.items():
            times = report["start"] + report["step"] * np.arange(report["data"].shape[0])
            shown = (times >= window[0]) & (times < window[1])
            for column in range(min(3, report["data"].shape[1])):
                state.plot(times[shown], report["data"][shown, column], linewidth=0.8,
                           label=f"{name} node {report['nodes'][column]}")
            state.set(ylabel=f"{report['variable']} ({report['units']})")
        state.set(xlabel="time (ms)", title="sampled state", xlim=window)
        state.legend(loc="upper right", fontsize="small")
    figure.savefig(output, dpi=110)


def main():
    arguments = parse_arguments()
    output = arguments.output or arguments.trace.rsplit(".", 1)[0] + ".png"
    try:
        plot(arguments.trace, output, arguments.window, arguments.raster_nodes, arguments.bin)
    except (OSError, ValueError, KeyError) as error:
        print(f"spinsim.plot: {error}", file=sys.stderr)
        return 1
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
