#!/usr/bin/env python3
"""Benchmark 4 (Brette et al. 2007) in Brian2, cpp_standalone, one thread.

Timing: compile_s = code generation + C++ compilation; build_s = time the
binary spends outside its simulation loop (network construction, init, I/O);
sim_wall_s = Brian2's own timing of the run loop (device._last_run_time).
peak_rss_kib is the peak RSS of the simulation binary alone (not the compiler).

Brian2 stamps a spike with the start of the step whose integration crossed
threshold; NEST stamps the end of that step.  --semantics nest (default)
reproduces NEST's iaf_psc_delta exactly: spike times are reported as end of
step (t + dt), refractoriness is t_ref + dt counted from Brian2's stamp (clamp
lasts t_ref after the crossing), and the synaptic pathway runs before the
threshold test with delay (delay - dt), so an input changes V at
spike time + delay and is seen by that step's threshold test.
--semantics brian is plain Brian2 (refractory = t_ref, delivery after the
threshold test with the given delay): one dt shorter refractoriness and one
dt more effective latency.
"""
import os
import sys
import tempfile
import time

import common as c

args_parser = c.parser(__doc__.splitlines()[0])
args_parser.add_argument("--dt", type=float, default=0.1, help="time step, ms")
args_parser.add_argument("--semantics", choices=("nest", "brian"), default="nest")
args_parser.add_argument("--build-dir", help="Brian2 project directory (reused between runs)")
args = args_parser.parse_args()
build_dir = args.build_dir or os.path.join(
    tempfile.gettempdir(), f"brian2_bench4_dt{args.dt}_{os.getuid()}")

with c.stdout_to_stderr():
    import brian2 as b2
    from brian2 import ms, mV

    b2.set_device("cpp_standalone", directory=build_dir, build_on_run=False)
    b2.prefs.devices.cpp_standalone.openmp_threads = 0
    rss_file = os.path.join(build_dir, "peak_rss_kib.txt")
    # GNU time forks the binary from a ~1 MiB process: its peak RSS is exact
    # (a child exec'd from Python inherits Python's RSS high-water mark).
    b2.prefs.devices.cpp_standalone.run_cmd_unix = [
        c.GNU_TIME, "-f", "%M", "-o", rss_file, "./main"]
    b2.defaultclock.dt = args.dt * ms
    b2.seed(args.seed)

    nest_like = args.semantics == "nest"
    shift = args.dt if nest_like else 0.0
    n, ne = args.neurons, c.n_exc(args.neurons)
    ns = dict(tau_m=c.TAU_M * ms, E_L=c.E_L * mV, V_th=c.V_TH * mV, V_reset=c.V_RESET * mV,
              w_exc=c.W_EXC * mV, w_inh=c.W_INH * mV, n_exc=ne)
    group = b2.NeuronGroup(n, "dv/dt = (E_L - v) / tau_m : volt (unless refractory)",
                           threshold="v >= V_th", reset="v = V_reset",
                           refractory=(c.T_REF + shift) * ms, method="exact", namespace=ns)
    group.v = "V_reset + rand() * (V_th - V_reset)"
    delay = args.delay - shift
    if delay < -1e-9:
        sys.exit("--semantics nest needs delay >= dt")
    syn = b2.Synapses(group, group, "w : volt",
                      on_pre="v_post += w * int(not_refractory_post)",
                      delay=max(delay, 0.0) * ms, namespace=ns)
    if nest_like:
        syn.pre.when = "before_thresholds"
    syn.connect(condition="i != j", p=args.p)
    syn.w = "w_exc * int(i < n_exc) + w_inh * int(i >= n_exc)"
    monitor = b2.SpikeMonitor(group)
    b2.run(args.duration * ms)

    t0 = time.perf_counter()
    b2.device.build(directory=build_dir, compile=True, run=False, with_output=False)
    t1 = time.perf_counter()
    b2.device.run(directory=build_dir, with_output=False)
    t2 = time.perf_counter()
    sim_wall = b2.device._last_run_time
    with open(rss_file) as f:
        peak_rss_kib = int(f.read().split()[-1])
    senders, times_ms = monitor.i[:], monitor.t[:] / ms + shift
    sources = syn.i[:]

c.report(args, "brian2", f"cpp_standalone dt={args.dt}ms {args.semantics} semantics",
         len(sources), t2 - t1 - sim_wall, sim_wall, senders, times_ms, sources,
         compile_s=t1 - t0, peak_rss_kib=peak_rss_kib)
