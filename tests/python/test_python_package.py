"""The repository's Python package (python/spinsim) on real traces: its
arrays equal what h5py reads, elephant computes the run's rate and CV from
`to_neo`, pynwb opens what `to_nwb` writes, and the plot draws."""

import h5py
import numpy as np
import pytest

import spinsim
from conftest import REPO

EXAMPLE = REPO / "examples" / "pif_chain.toml"


@pytest.fixture
def trace(spinsim_bin, tmp_path):
    path = tmp_path / "t.h5"
    spinsim_bin("run", EXAMPLE, "--duration", 300, "--out", path)
    return path


@pytest.fixture
def spinsim_bin(spinsim):
    """conftest's `spinsim` fixture (the binary), renamed: here `spinsim` is the package."""
    return spinsim


def test_arrays_are_what_h5py_reads(trace):
    spikes = spinsim.read_spikes(trace)
    with h5py.File(trace) as file:
        assert set(spikes) == set(file["spikes"])
        for name, population in spikes.items():
            np.testing.assert_array_equal(population.times_ms, file[f"spikes/{name}/timestamps"][:])
            np.testing.assert_array_equal(population.node_ids, file[f"spikes/{name}/node_ids"][:])
        report = spinsim.read_report(trace, "integrators")
        np.testing.assert_array_equal(report.data, file["report/integrators/data"][:])
        start, _, step = file["report/integrators/mapping/time"][:]
    assert report.units == "mV" and report.variable == "v" and report.node_ids.tolist() == [0, 1, 2, 3, 4]
    assert report.times_ms[0] == start and np.allclose(np.diff(report.times_ms), step)
    assert spikes["integrators"].node_count == 100 and len(spikes["integrators"].times_ms) > 0
    with pytest.raises(spinsim.TraceError, match="no report of population 'readout'"):
        spinsim.read_report(trace, "readout")


def test_not_a_trace_is_refused(tmp_path):
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as file:
        file["x"] = [1]
    with pytest.raises(spinsim.TraceError, match="not a SpinSim trace"):
        spinsim.read_spikes(other)


def test_elephant_computes_rate_and_cv_from_to_neo(trace):
    import elephant.statistics as statistics
    import quantities as pq

    block = spinsim.to_neo(trace)
    trains = [train for train in block.segments[0].spiketrains if train.annotations["population"] == "integrators"]
    assert len(trains) == 100
    spikes = spinsim.read_spikes(trace, "integrators")
    rates = [statistics.mean_firing_rate(train).rescale(pq.Hz).magnitude for train in trains]
    assert np.mean(rates) == pytest.approx(len(spikes.times_ms) / 100 / 0.3)
    node = int(spikes.node_ids[0])
    own = np.sort(spikes.of_node(node))
    assert statistics.cv(statistics.isi(trains[node]).magnitude) == pytest.approx(np.std(np.diff(own)) / np.mean(np.diff(own)))
    signal = block.segments[0].analogsignals[0]
    assert signal.units == pq.mV and signal.sampling_period == 0.5 * pq.ms and signal.shape == (600, 5)


def test_to_nwb_writes_a_file_pynwb_opens(trace, tmp_path):
    from pynwb import NWBHDF5IO

    path = tmp_path / "t.nwb"
    spinsim.to_nwb(trace, path)
    spikes = spinsim.read_spikes(trace, "integrators")
    with NWBHDF5IO(str(path), "r") as io:
        nwbfile = io.read()
        units = nwbfile.units.to_dataframe()
        assert len(units) == 100 + 10 + 1  # integrators, readout, kicks
        first = units[(units.population == "integrators") & (units.node_id == int(spikes.node_ids[0]))].iloc[0]
        np.testing.assert_allclose(first.spike_times, np.sort(spikes.of_node(int(spikes.node_ids[0]))) / 1000)
        series = nwbfile.acquisition["integrators_v"]
        assert series.unit == "mV" and series.rate == 2000.0 and series.data.shape == (600, 5)


def test_plot_draws_a_figure(trace, tmp_path):
    import subprocess
    import sys

    figure = tmp_path / "t.png"
    result = subprocess.run([sys.executable, "-m", "spinsim.plot", str(trace), "-o", str(figure)],
                            capture_output=True, text=True, timeout=300, env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 0, result.stderr
    assert figure.stat().st_size > 10_000


def test_spikes_of_chosen_nodes_only_are_the_full_runs_and_survive_resume(spinsim_bin, tmp_path):
    """record.spikes = ["integrators:0-4,90", ...] writes those nodes' spikes,
    exactly the full run's, and a resumed run keeps the choice."""
    chosen = ["--set", 'record.spikes=["integrators:0-4,90", "readout"]']
    spinsim_bin("run", EXAMPLE, "--duration", 200, "--out", tmp_path / "full.h5")
    spinsim_bin("run", EXAMPLE, "--duration", 200, "--out", tmp_path / "part.h5", *chosen)
    spinsim_bin("run", EXAMPLE, "--duration", 100, "--out", tmp_path / "resumed.h5", "--checkpoint", tmp_path / "ck", *chosen)
    spinsim_bin("resume", tmp_path / "ck", "--duration", 200)
    full, part, resumed = (spinsim.read_spikes(tmp_path / name) for name in ("full.h5", "part.h5", "resumed.h5"))
    assert set(part) == {"integrators", "readout"}
    assert set(part["integrators"].node_ids.tolist()) == {0, 1, 2, 3, 4, 90}
    keep = np.isin(full["integrators"].node_ids, [0, 1, 2, 3, 4, 90])
    np.testing.assert_array_equal(part["integrators"].times_ms, full["integrators"].times_ms[keep])
    np.testing.assert_array_equal(part["integrators"].node_ids, full["integrators"].node_ids[keep])
    np.testing.assert_array_equal(resumed["integrators"].times_ms, part["integrators"].times_ms)
    np.testing.assert_array_equal(part["readout"].times_ms, full["readout"].times_ms)
    # Rates divide by the nodes recorded: inspect, and the package's converters, count 6 integrators.
    assert part["integrators"].recorded_nodes.tolist() == [0, 1, 2, 3, 4, 90]
    assert part["readout"].recorded_node_ids is None and part["readout"].recorded_nodes.tolist() == list(range(10))
    rate = len(part["integrators"].times_ms) / 6 / 0.2
    assert f"integrators: 100 nodes (6 recorded), {len(part['integrators'].times_ms)} spikes" in spinsim_bin("inspect", tmp_path / "part.h5").stdout
    assert f"mean rate {rate:.3f} Hz" in spinsim_bin("inspect", tmp_path / "part.h5").stdout
    trains = [t for t in spinsim.to_neo(tmp_path / "part.h5").segments[0].spiketrains if t.annotations["population"] == "integrators"]
    assert [t.annotations["node_id"] for t in trains] == [0, 1, 2, 3, 4, 90]
    refused = spinsim_bin("run", EXAMPLE, "--set", 'record.spikes=["integrators:100"]', check=False)
    assert refused.returncode == 1 and "record.spikes: node 100 is outside population integrators (0..<100)" in refused.stderr


def test_plastic_weights_sampled_over_time_match_shorter_runs_and_resume(spinsim_bin, tmp_path):
    """record.weight_interval samples every plastic projection's weights into
    /report/weights_<projection>: row k (time k * interval) equals the final
    weights of a run stopped there (a sample at t sees the state before the
    events at t, a run to t processes the events before t), and a resumed
    run continues the report exactly."""
    stdp = REPO / "examples" / "stdp_poisson.toml"
    every = ["--set", "record.weight_interval=100 ms"]
    spinsim_bin("run", stdp, "--duration", 1000, "--out", tmp_path / "long.h5", *every)
    spinsim_bin("run", stdp, "--duration", 300, "--out", tmp_path / "short.h5")
    spinsim_bin("run", stdp, "--duration", 500, "--out", tmp_path / "first.h5", "--checkpoint", tmp_path / "ck", *every)
    spinsim_bin("resume", tmp_path / "ck", "--duration", 1000)
    report = spinsim.read_report(tmp_path / "long.h5", "weights_0_inputs_to_cells")
    assert report.data.shape == (10, 200 * 20) and report.units == "mV" and report.variable == "w"
    np.testing.assert_array_equal(report.times_ms, np.arange(10) * 100.0)
    assert np.all(report.data[0] == np.float32(0.3)) and np.all((report.data >= 0) & (report.data <= np.float32(0.8)))
    with h5py.File(tmp_path / "short.h5") as file:
        at300 = file["projections/0_inputs_to_cells/weights"][:]
    np.testing.assert_array_equal(report.data[3], at300.astype(np.float32))
    assert not np.array_equal(report.data[3], report.data[0])  # the weights did learn
    resumed = spinsim.read_report(tmp_path / "first.h5", "weights_0_inputs_to_cells")
    np.testing.assert_array_equal(resumed.data, report.data)


def test_plot_statistics_are_the_closed_form_ones():
    """The plot's ISI CV on trains with known intervals, and the threshold read from network text."""
    from spinsim.plot import isi_statistics, network_facts

    regular = np.arange(0.0, 100.0, 10.0)
    alternating = np.cumsum([0.0] + [5.0, 15.0] * 5)  # intervals 5, 15, 5, ...: mean 10, std 5
    spikes = spinsim.Spikes(times_ms=np.concatenate([regular, alternating]),
                            node_ids=np.array([0] * len(regular) + [1] * len(alternating)), node_count=2)
    intervals, cv = isi_statistics(spikes)
    assert len(intervals) == len(regular) - 1 + len(alternating) - 1
    assert cv == pytest.approx((0.0 + 5.0 / 10.0) / 2)  # cell 0: CV 0; cell 1: std 5 / mean 10
    title, thresholds = network_facts('title = "T"\n[[population]]\nname = "a"\nv_threshold = "-50 mV"\n')
    assert title == "T" and thresholds == {"a": -50.0}
