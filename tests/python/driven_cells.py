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
