"""A trace as an NWB file (pynwb): spikes in the units table, state
reports as TimeSeries in acquisition, times in seconds as NWB requires."""

from datetime import datetime, timezone

from .trace import read_metadata, read_reports, read_spikes


def to_nwb(path, nwb_path=None):
    """The NWBFile of a trace; written to `nwb_path` when given. One unit per
    recorded node (columns population and node_id), one TimeSeries per
    report (named population_variable, in the report's units)."""
    from pynwb import NWBHDF5IO, NWBFile, TimeSeries

    metadata = read_metadata(path)
    started = metadata.get("wall_clock_start")
    start_time = (datetime.fromisoformat(started.replace("Z", "+00:00")) if started
                  else datetime.fromtimestamp(0, timezone.utc))
    title = str(metadata.get("network_file", "")).split("\n")[0]
    nwbfile = NWBFile(session_description=f"SpinSim run: {title}"[:1000] or "SpinSim run",
                      identifier=str(metadata.get("run_id", "spinsim")), session_start_time=start_time,
                      source_script=str(metadata.get("command_line", "")), source_script_file_name="spinsim")
    nwbfile.add_unit_column("population", "SpinSim population")
    nwbfile.add_unit_column("node_id", "node index within the population")
    for population, spikes in read_spikes(path).items():
        for node, times in spikes.trains():
            nwbfile.add_unit(spike_times=times / 1000.0, population=population, node_id=node)
    for population, report in read_reports(path).items():
        nwbfile.add_acquisition(TimeSeries(
            name=f"{population}_{report.variable}", data=report.data, unit=report.units or "1",
            starting_time=report.start_ms / 1000.0, rate=1000.0 / report.step_ms,
            description=f"{report.variable} of nodes {report.node_ids.tolist()} of {population}"))
    if nwb_path is not None:
        with NWBHDF5IO(str(nwb_path), "w") as io:
            io.write(nwbfile)
    return nwbfile
