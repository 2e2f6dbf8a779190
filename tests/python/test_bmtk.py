"""BMTK's SONATA readers (bmtk.utils.reports) read our spikes and reports as
they read their own: the same spikes, the same samples, the same grid."""

import numpy as np
import pytest

import spinsim
from conftest import REPO

bmtk_reports = pytest.importorskip("bmtk.utils.reports")


def test_bmtk_reads_our_spikes_and_state_reports(spinsim, tmp_path):
    trace = tmp_path / "t.h5"
    spinsim("run", REPO / "examples" / "pif_chain.toml", "--duration", 300, "--out", trace)
    import spinsim as package  # the fixture shadows the module's name here

    trains = bmtk_reports.SpikeTrains.load(str(trace))
    assert set(trains.populations) == {"integrators", "readout", "kicks"}
    ours = package.read_spikes(trace, "integrators")
    assert trains.n_spikes(population="integrators") == len(ours.times_ms)
    frame = trains.to_dataframe(population="integrators")
    frame = frame[frame["population"] == "integrators"]  # bmtk 1.2 returns every population's rows here
    frame = frame.sort_values(["timestamps", "node_ids"], kind="stable")
    order = np.lexsort((ours.node_ids, ours.times_ms))  # simultaneous spikes in node order on both sides
    np.testing.assert_array_equal(frame["timestamps"].to_numpy(), ours.times_ms[order])
    np.testing.assert_array_equal(frame["node_ids"].to_numpy(), ours.node_ids[order])

    report = bmtk_reports.CompartmentReport(str(trace), mode="r")["integrators"]
    sampled = package.read_report(trace, "integrators")
    assert report.units() == "mV" and report.dt() == sampled.step_ms and report.tstart() == sampled.start_ms
    np.testing.assert_array_equal(report.node_ids(), sampled.node_ids)
    np.testing.assert_array_equal(np.asarray(report.data()), sampled.data)
