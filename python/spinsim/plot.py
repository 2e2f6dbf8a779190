"""Plot a SpinSim trace: spike raster, population rate, ISI distribution and
sampled state variables, to one PNG.

    python -m spinsim.plot bench4.h5 -o bench4.png [--window 0 1000] [--raster-nodes 200] [--bin 5]

Needs h5py, numpy and matplotlib (pip install "./python[plot]"). The title
names the network (its `title`) and the seed; each population has one
colour in every panel; the rate says its bin; the ISI histograms share their
bins and state each population's mean ISI CV; state traces carry the
population's threshold (from the network text stored in the trace) and tick
marks at the plotted nodes' spikes.
"""

import argparse
import re
import sys

import numpy as np

from .trace import TraceError, read_metadata, read_reports, read_spikes


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trace", help="HDF5 trace written by spinsim run --out")
    parser.add_argument("-o", "--output", help="PNG file (default: TRACE with .png)")
    parser.add_argument("--window", nargs=2, type=float, metavar=("START", "END"),
                        help="time window of raster, rate and state panels in ms (default: first 1000 ms)")
    parser.add_argument("--raster-nodes", type=int, default=200, help="nodes per population shown in the raster")
    parser.add_argument("--bin", type=float, default=5.0, help="rate histogram bin in ms")
    return parser.parse_args()


def network_facts(network_text):
    """The title and each population's threshold (mV) from the stored network
    text, when it is TOML (JSON networks give neither)."""
    try:
        import tomllib
        network = tomllib.loads(network_text)
    except Exception:  # noqa: BLE001 - JSON or older Pythons: plot without them
        return "", {}
    thresholds = {}
    for population in network.get("population", []):
        match = re.fullmatch(r"\s*(-?[\d.eE+-]+)\s*mV\s*", str(population.get("v_threshold", "")))
        if match:
            thresholds[population.get("name")] = float(match.group(1))
    return str(network.get("title", "")), thresholds


def isi_statistics(spikes):
    """All inter-spike intervals of a population (ms) and the mean over its
    cells of each cell's ISI coefficient of variation (cells with >= 3 spikes)."""
    order = np.lexsort((spikes.times_ms, spikes.node_ids))
    nodes, times = spikes.node_ids[order], spikes.times_ms[order]
    same = nodes[1:] == nodes[:-1]
    intervals = np.diff(times)[same]
    owners = nodes[1:][same]
    cvs = []
    for node in np.unique(owners):
        own = intervals[owners == node]
        if len(own) >= 2 and own.mean() > 0:
            cvs.append(own.std() / own.mean())
    return intervals, (float(np.mean(cvs)) if cvs else float("nan"))


def plot(path, output, window, raster_nodes, bin_width):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    metadata = read_metadata(path)
    spikes, reports = read_spikes(path), read_reports(path)
    title, thresholds = network_facts(str(metadata.get("network_file", "")))
    start = float(metadata.get("start_time", 0.0))
    end = float(metadata.get("reached_time", metadata.get("end_time", start + 1000.0)))
    window = window or (start, min(start + 1000.0, end))
    rows = 3 + (1 if reports else 0)
    figure, axes = plt.subplots(rows, 1, figsize=(9, 2.6 * rows), constrained_layout=True)
    figure.suptitle(f"{title or path} (seed {metadata.get('seed', '?')})")
    palette = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    colours = {name: palette[index % len(palette)] for index, name in enumerate(spikes)}

    raster, rate, isi = axes[0], axes[1], axes[2]
    offset, ticks = 0, []
    edges = np.arange(window[0], window[1] + bin_width, bin_width)
    statistics = {name: isi_statistics(population) for name, population in spikes.items()}
    longest = max((np.percentile(intervals, 99) for intervals, _ in statistics.values() if len(intervals)), default=1.0)
    isi_bins = np.linspace(0, longest, 61)  # shared, so populations compare bin for bin
    for name, population in spikes.items():
        times, nodes, count = population.times_ms, population.node_ids, population.node_count
        shown = (times >= window[0]) & (times < window[1]) & (nodes < raster_nodes)
        raster.scatter(times[shown], nodes[shown] + offset, marker="|", s=6, linewidths=0.6, color=colours[name], label=name)
        ticks.append((offset + min(raster_nodes, count or raster_nodes) / 2, name))
        offset += min(raster_nodes, count or raster_nodes)
        inside = times[(times >= window[0]) & (times < window[1])]
        histogram, _ = np.histogram(inside, bins=edges)
        rate.plot(edges[:-1] + bin_width / 2, histogram / max(count, 1) / (bin_width / 1000.0), color=colours[name], label=name)
        intervals, cv = statistics[name]
        if len(intervals):
            isi.hist(intervals, bins=isi_bins, histtype="step", color=colours[name], density=True,
                     label=f"{name}: mean {intervals.mean():.1f} ms, CV {cv:.2f}")
    raster.set(ylabel="node", title=f"spikes (first {raster_nodes} nodes of each population)")
    raster.set_yticks([tick for tick, _ in ticks], [name for _, name in ticks])
    rate.set(ylabel="rate (Hz)", title=f"population rate ({bin_width:g} ms bins)")
    rate.legend(loc="upper right", fontsize="small")
    isi.set(xlabel="inter-spike interval (ms)", ylabel="density", title="ISI distribution (whole run, shared bins)")
    if any(len(intervals) for intervals, _ in statistics.values()):
        isi.legend(loc="upper right", fontsize="small")
    for axis in (raster, rate):
        axis.set_xlim(window)
        axis.set_xlabel("time (ms)")

    if reports:
        state = axes[3]
        for name, report in reports.items():
            shown = (report.times_ms >= window[0]) & (report.times_ms < window[1])
            colour = colours.get(name)
            for column in range(min(3, report.data.shape[1])):
                node = int(report.node_ids[column])
                line, = state.plot(report.times_ms[shown], report.data[shown, column], linewidth=0.8,
                                   color=colour, alpha=1 - 0.25 * column, label=f"{name} node {node}")
                if name in spikes:
                    fired = spikes[name].of_node(node)
                    fired = fired[(fired >= window[0]) & (fired < window[1])]
                    top = np.nanmax(report.data[shown, column]) if shown.any() else 0
                    state.plot(fired, np.full(len(fired), top), "v", markersize=3, color=line.get_color())
            if name in thresholds:
                state.axhline(thresholds[name], linestyle="--", linewidth=0.8, color=colour or "grey",
                              label=f"{name} threshold")
            state.set(ylabel=f"{report.variable} ({report.units})")
        state.set(xlabel="time (ms)", title="sampled state (triangles: spikes)", xlim=window)
        state.legend(loc="upper right", fontsize="small")
    figure.savefig(output, dpi=110)


def main():
    arguments = parse_arguments()
    output = arguments.output or arguments.trace.rsplit(".", 1)[0] + ".png"
    try:
        plot(arguments.trace, output, arguments.window, arguments.raster_nodes, arguments.bin)
    except (OSError, ValueError, KeyError, TraceError) as error:
        print(f"spinsim.plot: {error}", file=sys.stderr)
        return 1
    print(output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
