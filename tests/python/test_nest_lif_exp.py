"""lif_exp against NEST's iaf_psc_exp_ps, the model it follows: ten cells
driven by I_e below rheobase and by the same twenty spike trains (off the
time grid) through excitatory and inhibitory weights, in both simulators.
Same spikes, to the precision both claim: every spike time within 1e-9 ms
(NEST locates crossings inside its 0.1 ms steps; SpinSim to 1e-12 ms)."""

import numpy as np

from driven_cells import driven_cells_file, nest_driven_cells_spikes

CELLS, TRAINS, T = 10, 20, 2000.0
PARAMS = dict(tau_m=10.0, C_m=250.0, E_L=-70.0, I_e=300.0, tau_syn_ex=2.0, tau_syn_in=5.0,
              V_th=-55.0, V_reset=-70.0, t_ref=2.0, V_m=-70.0)


def inputs():
    rng = np.random.default_rng(3)
    trains = [np.sort(np.round(rng.uniform(1, T, 400), 6)) for _ in range(TRAINS)]
    return trains, rng.uniform(-400, 600, (TRAINS, CELLS))


def network_file(path, trains, weights):
    p = PARAMS
    cell = ['model = "lif_exp"', f"size = {CELLS}",
            f'tau_m = "{p["tau_m"]!r} ms"', f'c_m = "{p["C_m"]!r} pF"', f'v_rest = "{p["E_L"]!r} mV"', f'i_e = "{p["I_e"]!r} pA"',
            f'tau_syn_ex = "{p["tau_syn_ex"]!r} ms"', f'tau_syn_in = "{p["tau_syn_in"]!r} ms"',
            f'v_threshold = "{p["V_th"]!r} mV"', f'v_reset = "{p["V_reset"]!r} mV"', f't_refractory = "{p["t_ref"]!r} ms"',
            f'v_init = "{p["V_m"]!r} mV"']
    return driven_cells_file(path, cell, trains, weights, "pA", T)


def test_lif_exp_spikes_are_nest_iaf_psc_exp_ps_spikes(spinsim, tmp_path):
    import h5py
    trains, weights = inputs()
    expected = nest_driven_cells_spikes("iaf_psc_exp_ps", PARAMS, trains, weights, T, 0.1, precise_times=True)
    trace = tmp_path / "trace.h5"
    spinsim("run", network_file(tmp_path / "cells.toml", trains, weights), "--out", trace)
    with h5py.File(trace) as file:
        times, nodes = file["spikes/cells/timestamps"][:], file["spikes/cells/node_ids"][:]
    ours = [sorted(times[nodes == c]) for c in range(CELLS)]
    assert sum(map(len, expected)) > 500 and sum(1 for spikes in expected if len(spikes) > 10) >= 5
    assert [len(s) for s in ours] == [len(s) for s in expected]
    worst = max(max(abs(a - b) for a, b in zip(x, y)) for x, y in zip(ours, expected) if x)
    assert worst < 1e-9, worst
