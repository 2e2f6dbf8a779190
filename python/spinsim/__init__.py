"""Read SpinSim traces: spikes and state reports as numpy arrays
(`read_spikes`, `read_report`, `read_metadata`), and convert them for the
tools people analyse spikes with (`to_neo`, `to_nwb`). Times are in ms, as
in the trace; the converters attach units."""

from .trace import Report, Spikes, TraceError, read_metadata, read_report, read_reports, read_spikes
from .neo_export import to_neo
from .nwb_export import to_nwb

__all__ = ["Report", "Spikes", "TraceError", "read_metadata", "read_report", "read_reports", "read_spikes", "to_neo", "to_nwb"]
