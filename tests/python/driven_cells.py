"""Network files for single cells driven by spike trains, as the tests
against NEST build them: one population "cells", one spike_times population
"inputs", and one explicit projection per train (weights per cell)."""


def driven_cells_file(path, cell_lines, trains, weights, weight_unit, duration_ms):
    """Writes the file: `cell_lines` are the cells' [[population]] body after
    `name`; weights[s][c] joins train s to cell c with a 1 ms delay."""
    cells = len(weights[0])
    lines = [f'duration = "{duration_ms!r} ms"', "[[population]]", 'name = "cells"', *cell_lines,
             "[[population]]", 'name = "inputs"', 'model = "spike_times"', 'time_unit = "ms"',
             "spike_times = [" + ", ".join("[" + ", ".join(repr(float(x)) for x in t) + "]" for t in trains) + "]"]
    for s in range(len(trains)):
        lines += ["[[projection]]", 'source = "inputs"', 'target = "cells"', 'delay = "1 ms"',
                  f'connectivity = {{ rule = "explicit", weight_unit = "{weight_unit}", '
                  f'sources = {[s] * cells}, targets = {list(range(cells))}, '
                  f'weights = [{", ".join(repr(float(w)) for w in weights[s])}] }}']
    lines += ["[record]", 'spikes = ["cells"]']
    path.write_text("\n".join(lines) + "\n")
    return path


def nest_driven_cells_spikes(model, params, trains, weights, duration_ms, resolution, precise_times=False):
    """The same cells in NEST: `model` with `params`, one spike generator per
    train (`precise_times` for off-grid trains), weights[s][c] with a 1 ms
    delay, at `resolution` ms. Returns each cell's sorted spike times."""
    import nest
    import numpy as np

    cells_count = len(weights[0])
    nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.SetKernelStatus({"tics_per_ms": max(1000, int(round(1 / resolution))), "resolution": resolution})
    cells = nest.Create(model, cells_count, params=params)
    generators = nest.Create("spike_generator", len(trains),
                             params=[{"spike_times": t.tolist(), "precise_times": precise_times} for t in trains])
    for s in range(len(trains)):
        for c in range(cells_count):
            nest.Connect(generators[s], cells[c], syn_spec={"weight": float(weights[s][c]), "delay": 1.0})
    recorder = nest.Create("spike_recorder")
    nest.Connect(cells, recorder)
    nest.Simulate(duration_ms)
    events = recorder.events
    return [np.sort(events["times"][events["senders"] == cells[c].global_id]) for c in range(cells_count)]
