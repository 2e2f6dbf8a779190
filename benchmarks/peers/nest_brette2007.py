#!/usr/bin/env python3
"""Benchmarks 1 and 2 of Brette et al. 2007 in NEST, one thread: COBA with
iaf_cond_exp (the network of examples/coba.toml) and CUBA with
iaf_psc_exp_ps (precise) or iaf_psc_exp (grid; examples/cuba.toml).

build_s = Create + Connect + nest.Prepare(); sim_wall_s = nest.Run(duration).
"""
import time

import numpy as np

import common as c

# examples/cuba.toml and examples/coba.toml: pA, nS, pF, ms, mV.
CUBA = dict(tau_m=20.0, C_m=250.0, E_L=-49.0, V_th=-50.0, V_reset=-60.0, t_ref=5.0, tau_syn_ex=5.0, tau_syn_in=10.0, I_e=0.0)
COBA = dict(C_m=200.0, g_L=10.0, E_L=-60.0, E_ex=0.0, E_in=-80.0, tau_syn_ex=5.0, tau_syn_in=10.0, V_th=-50.0,
            V_reset=-60.0, t_ref=5.0, I_e=0.0)
WEIGHTS = {"cuba": (20.25, -112.5), "coba": (6.0, -67.0)}
MODELS = {"cuba": ("iaf_psc_exp_ps", "iaf_psc_exp"), "coba": ("iaf_cond_exp",)}

args_parser = c.parser(__doc__.splitlines()[0])
args_parser.add_argument("--benchmark", default="cuba", choices=("cuba", "coba"))
args_parser.add_argument("--model", help="NEST model (CUBA: iaf_psc_exp_ps or iaf_psc_exp; COBA: iaf_cond_exp)")
args_parser.add_argument("--resolution", type=float, default=0.1, help="ms")
args = args_parser.parse_args()
model = args.model or MODELS[args.benchmark][0]
if model not in MODELS[args.benchmark]:
    args_parser.error(f"--model {model} is not one of {MODELS[args.benchmark]} for {args.benchmark}")

with c.stdout_to_stderr():
    nest = c.nest_kernel(args)
    n = args.neurons
    t0 = time.perf_counter()
    if args.benchmark == "cuba":
        pop = nest.Create(model, n, params=dict(CUBA, V_m=nest.random.uniform(CUBA["V_reset"], CUBA["V_th"])))
    else:
        pop = nest.Create(model, n, params=COBA)
        pop.set(c.coba_initial_state(n, args.seed))
    c.nest_connect_excitatory_inhibitory(nest, pop, args, *WEIGHTS[args.benchmark])
    recorder, t1, run_s = c.nest_recorded_run(nest, pop, args.duration)
    events = recorder.get("events")
    first = pop[0].global_id
    senders, times_ms = np.asarray(events["senders"]) - first, np.asarray(events["times"])
    sources = np.asarray(nest.GetConnections(source=pop, target=pop).get("source"), dtype=np.int64).ravel() - first

c.report(args, "nest", f"{model} h={args.resolution}ms", len(sources), t1 - t0, run_s, senders, times_ms, sources,
         nest_version=nest.__version__)
