"""The trace as numpy arrays, read the way any HDF5 user would: SONATA
groups /spikes/<population> (timestamps in ms, node_ids) and
/report/<population> (data: one row per sample, one column per node;
mapping/time = [start, stop, step] in ms)."""

from dataclasses import dataclass

import h5py
import numpy as np


class TraceError(ValueError):
    """The file is not a SpinSim trace, or lacks what was asked for."""


@dataclass
class Spikes:
    """One population's spikes, in time order (ties by node id)."""
    times_ms: np.ndarray
    node_ids: np.ndarray
    node_count: int
    #: The nodes whose spikes were recorded, when only some were (None: all).
    recorded_node_ids: "np.ndarray | None" = None

    @property
    def recorded_nodes(self):
        """Every node whose spikes the trace holds (silent ones included)."""
        return self.recorded_node_ids if self.recorded_node_ids is not None else np.arange(self.node_count)

    def of_node(self, node):
        """Spike times (ms) of one node."""
        return self.times_ms[self.node_ids == node]

    def trains(self):
        """(node, its spike times in ms, sorted) for every recorded node, silent ones included."""
        order = np.argsort(self.node_ids, kind="stable")
        sorted_ids = self.node_ids[order]
        for node in self.recorded_nodes.tolist():
            low, high = np.searchsorted(sorted_ids, [node, node + 1])
            yield node, np.sort(self.times_ms[order[low:high]])


@dataclass
class Report:
    """One population's sampled state variable, every `step_ms` from `start_ms`."""
    start_ms: float
    step_ms: float
    times_ms: np.ndarray
    data: np.ndarray
    node_ids: np.ndarray
    variable: str
    units: str


def _open(path):
    try:
        file = h5py.File(path, "r")
    except OSError as error:
        raise TraceError(f"{path}: cannot open as HDF5 ({error})") from None
    if "spinsim_version" not in file.attrs:
        file.close()
        raise TraceError(f"{path}: not a SpinSim trace (no spinsim_version attribute)")
    return file


def _text(value):
    return value.decode() if isinstance(value, bytes) else str(value)


def read_metadata(path):
    """The trace's attributes: seed, start_time, end_time, reached_time (ms),
    completed, network_file, command_line, run_id, ... as Python values."""
    with _open(path) as file:
        return {name: (_text(value) if isinstance(value, (bytes, str)) else value.item() if hasattr(value, "item") else value)
                for name, value in file.attrs.items()}


def read_spikes(path, population=None):
    """Spikes of every recorded population ({name: Spikes}), or of one."""
    with _open(path) as file:
        groups = file.get("spikes", {})
        if population is not None and population not in groups:
            raise TraceError(f"{path}: no spikes of population {population!r} (recorded: {', '.join(groups) or 'none'})")
        result = {name: Spikes(group["timestamps"][:], group["node_ids"][:].astype(np.int64),
                               int(group.attrs.get("node_count", 0)),
                               group["recorded_node_ids"][:].astype(np.int64) if "recorded_node_ids" in group else None)
                  for name, group in groups.items() if population in (None, name)}
    return result[population] if population is not None else result


def read_report(path, population):
    """The state report of one population; row k of `data` is sampled at
    `times_ms[k]` = start + k * step."""
    with _open(path) as file:
        reports = file.get("report", {})
        if population not in reports:
            raise TraceError(f"{path}: no report of population {population!r} (reports: {', '.join(reports) or 'none'})")
        group = reports[population]
        data = group["data"][:]
        start, _, step = group["mapping/time"][:]
        return Report(start_ms=float(start), step_ms=float(step), times_ms=start + step * np.arange(data.shape[0]), data=data,
                      node_ids=group["mapping/node_ids"][:].astype(np.int64),
                      variable=_text(group["data"].attrs.get("variable", "")),
                      units=_text(group["data"].attrs.get("units", "")))


def read_reports(path):
    """Every state report, {population: Report}."""
    with _open(path) as file:
        names = list(file.get("report", {}))
    return {name: read_report(path, name) for name in names}
