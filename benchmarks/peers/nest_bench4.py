#!/usr/bin/env python3
"""Benchmark 4 (Brette et al. 2007) in NEST, one thread.

build_s = Create + Connect + nest.Prepare(); sim_wall_s = nest.Run(duration).
peak_rss_kib is this process's peak RSS when the simulation ends, before the
spikes and connectivity are copied into Python for the statistics.
"""
import time

import numpy as np

import common as c

args_parser = c.parser(__doc__.splitlines()[0])
args_parser.add_argument("--model", default="iaf_psc_delta_ps",
                         choices=("iaf_psc_delta_ps", "iaf_psc_delta"))
args_parser.add_argument("--resolution", type=float, default=0.1, help="ms")
args = args_parser.parse_args()

with c.stdout_to_stderr():
    nest = c.nest_kernel(args)
    n = args.neurons
    t0 = time.perf_counter()
    pop = nest.Create(args.model, n, params={
        "tau_m": c.TAU_M, "E_L": c.E_L, "V_th": c.V_TH, "V_reset": c.V_RESET,
        "t_ref": c.T_REF, "I_e": 0.0, "V_m": nest.random.uniform(c.V_RESET, c.V_TH)})
    if args.p > 0:
        c.nest_connect_excitatory_inhibitory(nest, pop, args, c.W_EXC, c.W_INH)
    recorder, t1, run_s = c.nest_recorded_run(nest, pop, args.duration)
    peak_rss_kib = c.own_peak_rss_kib()

    events = recorder.get("events")
    first = pop[0].global_id
    senders, times_ms = np.asarray(events["senders"]) - first, np.asarray(events["times"])
    sources = []  # fetched in chunks to keep the peak memory of this step small
    for start in range(0, n, 1000):
        conns = nest.GetConnections(source=pop[start:min(start + 1000, n)], target=pop)
        if len(conns):
            sources.append(np.asarray(conns.get("source"), dtype=np.int64).ravel() - first)
    sources = np.concatenate(sources) if sources else np.zeros(0, np.int64)
    off_grid = nest.GetKernelStatus("off_grid_spiking")

c.report(args, "nest", f"{args.model} h={args.resolution}ms", len(sources), t1 - t0,
         run_s, senders, times_ms, sources, peak_rss_kib=peak_rss_kib,
         nest_version=nest.__version__, off_grid_spiking=off_grid)
