"""Sampled state variables are SONATA reports that h5py and libsonata read."""

import h5py
import numpy as np
import pytest

from conftest import BENCH4


@pytest.fixture(scope="module")
def trace(spinsim, tmp_path_factory):
    path = tmp_path_factory.mktemp("state") / "v.h5"
    spinsim("run", BENCH4, "--duration", 50, "--out", path, "--record", "excitatory.v:0-9,100", "--sample-interval", 0.25)
    return path


def test_report_layout_matches_mapping(trace):
    with h5py.File(trace, "r") as file:
        report = file["report/excitatory"]
        data = report["data"]
        assert data.dtype == np.float32 and data.attrs["units"] == "mV" and data.attrs["variable"] == "v"
        node_ids = report["mapping/node_ids"][:]
        assert node_ids.dtype == np.uint64 and list(node_ids) == list(range(10)) + [100]
        pointers = report["mapping/index_pointers"][:]
        assert list(pointers) == list(range(len(node_ids) + 1))
        # BMTK's reader looks for the singular name.
        assert list(report["mapping/index_pointer"][:]) == list(pointers)
        assert report["mapping/element_ids"].dtype == np.uint32
        start, stop, step = report["mapping/time"][:]
        assert report["mapping/time"].attrs["units"] == "ms"
        assert (start, stop, step) == (0.0, 50.0, 0.25)
        assert data.shape == (round((stop - start) / step), len(node_ids))
        values = data[:]
        # Between events a neuron is below threshold (one that crosses fires at
        # once); inhibition can push it below reset.
        assert values.max() < -50.0 and values.min() > -80.0
        assert np.any(values == np.float32(-60.0))  # some samples fall in a refractory period


def test_libsonata_reads_the_same_samples(trace):
    libsonata = pytest.importorskip("libsonata")
    population = libsonata.SomaReportReader(str(trace))["excitatory"]
    assert population.times == (0.0, 50.0, 0.25)
    frame = population.get()
    with h5py.File(trace, "r") as file:
        np.testing.assert_array_equal(np.asarray(frame.data), file["report/excitatory/data"][:])
    assert list(frame.ids) == list(range(10)) + [100]


def test_plastic_weights_are_written_with_their_connections(spinsim, tmp_path):
    path = tmp_path / "stdp.h5"
    spinsim("run", BENCH4.parent / "stdp_poisson.toml", "--duration", 2000, "--out", path)
    with h5py.File(path, "r") as file:
        group = file["projections/0_inputs_to_cells"]
        weights = group["weights"][:]
        assert group["weights"].attrs["units"] == "mV"
        assert len(weights) == 200 * 20 == len(group["source_node_ids"]) == len(group["target_node_ids"])
        assert group["source_node_ids"][:].max() == 199 and group["target_node_ids"][:].max() == 19
        assert weights.min() >= 0.0 and weights.max() <= 0.8
        assert np.std(weights) > 0.01  # STDP moved them away from 0.3 mV


def test_eqspike_free_phase_states_are_sonata_reports(spinsim, tmp_path):
    path = tmp_path / "ep.h5"
    repo = BENCH4.parent.parent
    spinsim("eqspike", "evaluate", "--mnist", repo / "datasets" / "mnist-small", "--model",
            repo / "models" / "eqspike-784-500-10.h5", "--test-limit", 10, "--record-state", path,
            "--record-examples", 2)
    with h5py.File(path, "r") as file:
        assert file.attrs["completed"]
        hidden, output = file["report/image0_layer1/data"][:], file["report/image0_layer2/data"][:]
        assert hidden.shape[1] == 500 and output.shape[1] == 10 and hidden.shape[0] == output.shape[0] > 10
        assert hidden.min() >= 0 and hidden.max() <= 1 and output[0].max() == 0  # from rest
        assert file["report/image0_layer2/mapping/time"].attrs["units"] == "neuron time constant"
    libsonata = pytest.importorskip("libsonata")
    frame = libsonata.SomaReportReader(str(path))["image1_layer2"].get()
    assert np.asarray(frame.data).shape[1] == 10
