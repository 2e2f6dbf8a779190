#!/usr/bin/env python3
"""Benchmark 2 (CUBA, Brette et al. 2007) in NEST, one thread: iaf_psc_exp_ps
(precise) or iaf_psc_exp (grid), the network of examples/cuba.toml.

build_s = Create + Connect + nest.Prepare(); sim_wall_s = nest.Run(duration).
"""
import time

import numpy as np

import common as c

# examples/cuba.toml: pA, pF, ms, mV.
CUBA = dict(tau_m=20.0, C_m=250.0, E_L=-49.0, V_th=-50.0, V_reset=-60.0, t_ref=5.0, tau_syn_ex=5.0, tau_syn_in=10.0, I_e=0.0)
W_EXC, W_INH = 20.25, -112.5

args_parser = c.parser(__doc__.splitlines()[0])
args_parser.add_argument("--model", default="iaf_psc_exp_ps", choices=("iaf_psc_exp_ps", "iaf_psc_exp"))
args_parser.add_argument("--resolution", type=float, default=0.1, help="ms")
args = args_parser.parse_args()

with c.stdout_to_stderr():
    nest = c.nest_kernel(args)
    n, ne = args.neurons, c.n_exc(args.neurons)
    t0 = time.perf_counter()
    pop = nest.Create(args.model, n, params=dict(CUBA, V_m=nest.random.uniform(CUBA["V_reset"], CUBA["V_th"])))
    conn = {"rule": "pairwise_bernoulli", "p": args.p, "allow_autapses": False}
    nest.Connect(pop[:ne], pop, conn, {"weight": W_EXC, "delay": args.delay})
    nest.Connect(pop[ne:], pop, conn, {"weight": W_INH, "delay": args.delay})
    recorder = nest.Create("spike_recorder")
    nest.Connect(pop, recorder)
    nest.Prepare()
    t1 = time.perf_counter()
    nest.Run(args.duration)
    t2 = time.perf_counter()
    nest.Cleanup()
    events = recorder.get("events")
    first = pop[0].global_id
    senders, times_ms = np.asarray(events["senders"]) - first, np.asarray(events["times"])
    sources = np.asarray(nest.GetConnections(source=pop, target=pop).get("source"), dtype=np.int64).ravel() - first

c.report(args, "nest", f"{args.model} h={args.resolution}ms", len(sources), t1 - t0, t2 - t1, senders, times_ms, sources,
         nest_version=nest.__version__)
