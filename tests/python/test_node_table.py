"""A node table written with h5py (one dataset per parameter, with units)
gives each aeif_cond_exp cell its own I_e and initial state: the cells with
more current fire more, and a table in other units gives the same spikes."""

import numpy as np


def network(path, table):
    path.write_text(f'''duration = "500 ms"
[[population]]
name = "cells"
model = "aeif_cond_exp"
size = 12
node_values = "{table.name}"
''')
    return path


def write_table(path, scale, unit, v_unit, v_scale):
    import h5py
    with h5py.File(path, "w") as file:
        current = file.create_dataset("i_e", data=np.linspace(300, 900, 12) * scale)
        current.attrs["units"] = unit
        voltage = file.create_dataset("v_init", data=np.full(12, -65.0) * v_scale)
        voltage.attrs["units"] = v_unit
    return path


def spikes(spinsim, tmp_path, name, table):
    import h5py
    trace = tmp_path / f"{name}.h5"
    spinsim("run", network(tmp_path / f"{name}.toml", table), "--out", trace)
    with h5py.File(trace) as file:
        return file["spikes/cells/timestamps"][:], file["spikes/cells/node_ids"][:]


def test_an_hdf5_node_table_sets_each_cell(spinsim, tmp_path):
    times, nodes = spikes(spinsim, tmp_path, "pA", write_table(tmp_path / "pA_table.h5", 1.0, "pA", "mV", 1.0))
    counts = np.bincount(nodes.astype(int), minlength=12)
    assert counts[-1] > counts[0] + 5 and np.all(np.diff(counts) >= 0), counts
    again = spikes(spinsim, tmp_path, "nA", write_table(tmp_path / "nA_table.h5", 1e-3, "nA", "V", 1e-3))
    assert np.array_equal(again[1], nodes) and np.allclose(again[0], times, rtol=0, atol=1e-9)


def test_a_bad_node_table_is_named(spinsim, tmp_path):
    import h5py
    table = tmp_path / "bad.h5"
    with h5py.File(table, "w") as file:
        file.create_dataset("i_e", data=np.zeros(11)).attrs["units"] = "pA"
    result = spinsim("run", network(tmp_path / "bad.toml", table), check=False)
    assert result.returncode != 0
    assert "bad.h5: /i_e has 11 elements; the population has 12 nodes" in result.stderr, result.stderr
