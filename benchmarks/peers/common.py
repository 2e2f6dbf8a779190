"""Model constants, CLI and output shared by the peer Benchmark 4 scripts."""
import argparse
import contextlib
import json
import os
import sys

import numpy as np

from spike_stats import rate_and_cv, synaptic_events

# Brette et al. 2007, Benchmark 4 (LIF, instantaneous voltage jumps), units ms / mV.
TAU_M, E_L, V_TH, V_RESET, T_REF = 20.0, -49.0, -50.0, -60.0, 5.0
W_EXC, W_INH = 0.25, -2.25
EXC_FRACTION = 0.8
GNU_TIME = "/usr/bin/time"  # Debian package "time"; used for exact child peak RSS


def own_peak_rss_kib():
    """High-water RSS of this process's memory (VmHWM, KiB).

    Unlike getrusage's ru_maxrss, this excludes the RSS that the parent had
    when it forked this process.
    """
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM:"))


def parser(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--neurons", type=int, default=4000)
    p.add_argument("--p", type=float, default=0.02, help="connection probability")
    p.add_argument("--duration", type=float, default=10000.0, help="simulated ms")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--delay", type=float, default=0.1, help="synaptic delay, ms")
    p.add_argument("--json", action="store_true", help="print one JSON line on stdout")
    p.add_argument("--spikes", metavar="FILE", help="save spikes to an .npz")
    return p


def n_exc(n):
    return int(round(EXC_FRACTION * n))


def coba_initial_state(n, seed):
    """COBA's initial state as in examples/coba.toml (Brette's Brian script
    for the paper): V ~ N(-65, 5) mV, g_ex ~ N(40, 15) nS, g_in ~ N(200, 120)
    nS, the conductances truncated at 0 by drawing again. Drawn with numpy
    (other streams than SpinSim's: the same law, not the same numbers)."""
    rng = np.random.default_rng(seed)

    def nonnegative(mean, sd):
        x = rng.normal(mean, sd, n)
        while (bad := x < 0).any():
            x[bad] = rng.normal(mean, sd, bad.sum())
        return x

    return dict(V_m=rng.normal(-65.0, 5.0, n), g_ex=nonnegative(40.0, 15.0), g_in=nonnegative(200.0, 120.0))


@contextlib.contextmanager
def stdout_to_stderr():
    """Send everything written to fd 1 (including from C/C++ code) to stderr."""
    sys.stdout.flush()
    saved = os.dup(1)
    os.dup2(2, 1)
    try:
        yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)


def report(args, simulator, variant, synapses, build_s, sim_wall_s,
           senders, times_ms, sources, **extra):
    """Compute the statistics, optionally save spikes, and print the result."""
    rate, cv = rate_and_cv(senders, times_ms, args.neurons, args.duration)
    if args.spikes:
        np.savez_compressed(args.spikes, senders=np.asarray(senders, np.int32),
                            times_ms=np.asarray(times_ms, np.float64))
    result = dict(simulator=simulator, variant=variant, neurons=args.neurons,
                  synapses=int(synapses), duration_ms=args.duration, seed=args.seed,
                  build_s=build_s, sim_wall_s=sim_wall_s, spikes=len(times_ms),
                  rate_hz=rate, cv_isi=cv,
                  synaptic_events=synaptic_events(sources, args.neurons, senders),
                  **extra)
    if args.json:
        print(json.dumps(result), flush=True)
    else:
        for key, value in result.items():
            print(f"{key:>16}: {value}")


def nest_connect_excitatory_inhibitory(nest, pop, args, w_exc, w_inh):
    """The benchmarks' random network: every cell projects with probability
    args.p (no autapses), the first 80 % with w_exc and the rest with w_inh."""
    ne = n_exc(len(pop))
    conn = {"rule": "pairwise_bernoulli", "p": args.p, "allow_autapses": False}
    nest.Connect(pop[:ne], pop, conn, {"weight": w_exc, "delay": args.delay})
    nest.Connect(pop[ne:], pop, conn, {"weight": w_inh, "delay": args.delay})


def nest_recorded_run(nest, pop, duration):
    """Records pop's spikes, prepares and runs for `duration` ms and cleans up.
    Returns the recorder, the perf_counter time when preparation ended, and
    the seconds nest.Run took."""
    import time

    recorder = nest.Create("spike_recorder")
    nest.Connect(pop, recorder)
    nest.Prepare()
    prepared = time.perf_counter()
    nest.Run(duration)
    run_s = time.perf_counter() - prepared
    nest.Cleanup()
    return recorder, prepared, run_s


def nest_kernel(args):
    """NEST, quiet, reset to one thread at --resolution with --seed; returns the module."""
    os.environ["PYNEST_QUIET"] = "1"
    import nest

    nest.verbosity = nest.VerbosityLevel.ERROR
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": 1, "resolution": args.resolution,
                          "rng_seed": args.seed, "print_time": False})
    return nest
