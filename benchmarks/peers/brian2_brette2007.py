#!/usr/bin/env python3
"""Benchmarks 1 and 2 of Brette et al. 2007 in Brian2, cpp_standalone, one
thread. CUBA as in Brian2's own example (v clamped while refractory,
currents as voltages g_e, g_i jumping by 1.62 mV and -9 mV; the network of
examples/cuba.toml); COBA with conductances in nS jumping by 6 nS and 67 nS,
integrated by exponential Euler, and the initial state of examples/coba.toml.
sim_wall_s = Brian2's own timing of the run loop.
"""
import os
import tempfile

import numpy as np

import common as c

args_parser = c.parser(__doc__.splitlines()[0])
args_parser.add_argument("--benchmark", default="cuba", choices=("cuba", "coba"))
args_parser.add_argument("--dt", type=float, default=0.1, help="time step, ms")
args = args_parser.parse_args()
build_dir = os.path.join(tempfile.gettempdir(), f"brian2_{args.benchmark}_dt{args.dt}_{os.getuid()}")

with c.stdout_to_stderr():
    import brian2 as b2
    from brian2 import ms, mV, nS, pF

    b2.set_device("cpp_standalone", directory=build_dir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    b2.defaultclock.dt = args.dt * ms
    b2.seed(args.seed)
    n, ne = args.neurons, c.n_exc(args.neurons)
    if args.benchmark == "cuba":
        ns = dict(taum=20 * ms, taue=5 * ms, taui=10 * ms, Vt=-50 * mV, Vr=-60 * mV, El=-49 * mV)
        eqs = """dv/dt = (ge + gi - (v - El)) / taum : volt (unless refractory)
                 dge/dt = -ge / taue : volt
                 dgi/dt = -gi / taui : volt"""
        group = b2.NeuronGroup(n, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms, method="exact", namespace=ns)
        group.v = "Vr + rand() * (Vt - Vr)"
        on_exc, on_inh = "ge += 1.62 * mV", "gi += -9 * mV"
    else:
        ns = dict(Cm=200 * pF, gl=10 * nS, El=-60 * mV, Ee=0 * mV, Ei=-80 * mV, taue=5 * ms, taui=10 * ms,
                  Vt=-50 * mV, Vr=-60 * mV)
        eqs = """dv/dt = (gl * (El - v) + ge * (Ee - v) + gi * (Ei - v)) / Cm : volt (unless refractory)
                 dge/dt = -ge / taue : siemens
                 dgi/dt = -gi / taui : siemens"""
        group = b2.NeuronGroup(n, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * ms,
                               method="exponential_euler", namespace=ns)
        initial = c.coba_initial_state(n, args.seed)
        group.v = initial["V_m"] * mV
        group.ge = initial["g_ex"] * nS
        group.gi = initial["g_in"] * nS
        on_exc, on_inh = "ge += 6 * nS", "gi += 67 * nS"
    excitatory = b2.Synapses(group[:ne], group, on_pre=on_exc, delay=args.delay * ms)
    excitatory.connect(condition="i != j", p=args.p)
    inhibitory = b2.Synapses(group[ne:], group, on_pre=on_inh, delay=args.delay * ms)
    inhibitory.connect(condition="i + n_exc != j", p=args.p, namespace=dict(n_exc=ne))
    monitor = b2.SpikeMonitor(group)
    b2.run(args.duration * ms)
    b2.device.build(directory=build_dir, compile=True, run=False, with_output=False)
    b2.device.run(directory=build_dir, with_output=False)
    senders, times_ms = monitor.i[:], monitor.t[:] / ms
    sources = np.concatenate([excitatory.i[:], inhibitory.i[:] + ne])

c.report(args, "brian2", f"cpp_standalone dt={args.dt}ms", len(sources), 0.0, b2.device._last_run_time,
         senders, times_ms, sources)
