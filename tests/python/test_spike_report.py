"""Checks a spike report written by `spinsim run` with independent readers.

h5py verifies the SONATA layout and types; libsonata (when installed) verifies
that the reference SONATA reader accepts the file and returns the same spikes.
Skipped unless SPINSIM_BIN names the spinsim executable.
"""

import os
import subprocess
import tomllib
from pathlib import Path

import pytest

h5py = pytest.importorskip("h5py")
np = pytest.importorskip("numpy")

REPO = Path(__file__).resolve().parents[2]
NETWORK = REPO / "examples" / "bench4.toml"
POPULATIONS = ("excitatory", "inhibitory")

pytestmark = pytest.mark.skipif(
    not os.environ.get("SPINSIM_BIN"), reason="set SPINSIM_BIN to the spinsim executable"
)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("report") / "t.h5"
    command = [os.environ["SPINSIM_BIN"], "run", str(NETWORK), "--duration", "200", "--out", str(path)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return path


@pytest.fixture(scope="module")
def population_sizes():
    with NETWORK.open("rb") as file:
        network = tomllib.load(file)
    return {population["name"]: population["size"] for population in network["population"]}


def test_layout_and_types(report, population_sizes):
    with h5py.File(report, "r") as file:
        assert sorted(file["spikes"]) == sorted(POPULATIONS)
        assert file.attrs["completed"] == np.True_
        for name in POPULATIONS:
            group = file["spikes"][name]
            sorting = h5py.check_enum_dtype(group.attrs.get_id("sorting").dtype)
            assert sorting == {"none": 0, "by_id": 1, "by_time": 2}
            assert group.attrs["sorting"] == 2
            timestamps, node_ids = group["timestamps"], group["node_ids"]
            assert timestamps.dtype == np.float64
            assert timestamps.attrs["units"] == "ms"
            assert node_ids.dtype == np.uint64
            assert timestamps.shape == node_ids.shape
            times, nodes = timestamps[:], node_ids[:]
            assert len(times) > 0, f"{name} did not spike"
            assert np.all(np.diff(times) >= 0)
            assert times[0] >= 0 and times[-1] <= 200
            assert nodes.max() < population_sizes[name]


def test_libsonata_reads_the_same_spikes(report):
    libsonata = pytest.importorskip("libsonata")
    reader = libsonata.SpikeReader(str(report))
    assert sorted(reader.get_population_names()) == sorted(POPULATIONS)
    with h5py.File(report, "r") as file:
        for name in POPULATIONS:
            spikes = reader[name].get()
            group = file["spikes"][name]
            assert [node for node, _ in spikes] == group["node_ids"][:].tolist()
            assert [time for _, time in spikes] == group["timestamps"][:].tolist()
