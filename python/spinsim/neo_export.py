"""A trace as a neo Block, for elephant and the tools built on neo."""

from .trace import read_metadata, read_reports, read_spikes


def _units(text):
    import quantities as pq
    if text in ("", "1"):
        return pq.dimensionless
    try:
        return pq.Quantity(1.0, text).units
    except (LookupError, ValueError):
        return pq.dimensionless


def to_neo(path):
    """One Segment spanning the run (start_time to the time reached): a
    SpikeTrain per recorded node (all nodes, or the ones chosen; annotated with its population and node
    id, in ms) and an AnalogSignal per state report (its units, sampled
    every step ms, node ids as array annotations)."""
    import neo
    import quantities as pq

    metadata = read_metadata(path)
    start = metadata.get("start_time", 0.0)
    stop = metadata.get("reached_time", metadata.get("end_time"))
    block = neo.Block(name=str(metadata.get("network_file", "")).split("\n")[0], file_origin=str(path),
                      annotations={"seed": metadata.get("seed"), "run_id": metadata.get("run_id"),
                                   "completed": bool(metadata.get("completed", False))})
    segment = neo.Segment(name="run")
    block.segments.append(segment)
    for population, spikes in read_spikes(path).items():
        for node, times in spikes.trains():
            segment.spiketrains.append(neo.SpikeTrain(times * pq.ms, t_start=start * pq.ms, t_stop=stop * pq.ms,
                                                      name=f"{population}[{node}]", population=population, node_id=node))
    for population, report in read_reports(path).items():
        segment.analogsignals.append(neo.AnalogSignal(
            report.data * _units(report.units), sampling_period=report.step_ms * pq.ms, t_start=report.start_ms * pq.ms,
            name=f"{population}.{report.variable}", array_annotations={"node_id": report.node_ids}))
    return block
