#!/usr/bin/env python3
"""Brette et al. 2007 Benchmarks 2 (CUBA) and 1 (COBA): SpinSim (lif_exp,
exact; lif_cond_exp, Dormand-Prince) vs Brian2 (cpp_standalone, dt 0.1 and
0.01 ms) vs NEST (CUBA: iaf_psc_exp_ps, iaf_psc_exp; COBA: iaf_cond_exp),
one table. Every (variant, seed) runs in its own subprocess, one after the
other, one thread each; the time is each simulator's own timing of its run
loop (SpinSim: simulation_s; Brian2: device._last_run_time; NEST: nest.Run).

    python3 benchmarks/brette2007.py [--benchmark cuba|coba] [--duration 5000] [--seeds 1..5] [--variants spinsim,...]

COBA with the paper's initial state is bistable: in every simulator some
seeds' activity dies out after the initial transient (rate below 1 Hz)
while others settle near 18 Hz. The table counts the seeds that sustain
activity and gives rates, CVs and times over those only.

Interpreters as for bench4.py (/work/venvs/{brian2,nest}/bin/python or
--python-brian2 / --python-nest); SpinSim from .build/release/spinsim.
"""
import argparse
import json
import os
import statistics
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
ROOT = os.path.dirname(HERE)
VARIANTS = {"cuba": ("spinsim", "brian2-dt0.1", "brian2-dt0.01", "nest-ps", "nest-grid"),
            "coba": ("spinsim", "brian2-dt0.1", "brian2-dt0.01", "nest-cond")}
SUSTAINED_HZ = 1.0


def seeds(text):
    low, _, high = text.partition("..")
    return list(range(int(low), int(high or low) + 1))


def run(variant, opts, seed):
    d = str(opts.duration)
    if variant == "spinsim":
        out = subprocess.run([opts.spinsim, "run", os.path.join(ROOT, f"examples/{opts.benchmark}.toml"), "--duration", f"{d} ms",
                              "--seed", str(seed), "--json"], check=True, capture_output=True, text=True).stdout
        r = json.loads(out)
        return r["simulation_s"], r["mean_rate_hz"], r["isi_cv"]
    script, extra = {"brian2-dt0.1": ("brian2_brette2007.py", ["--dt", "0.1"]),
                     "brian2-dt0.01": ("brian2_brette2007.py", ["--dt", "0.01"]),
                     "nest-ps": ("nest_brette2007.py", ["--model", "iaf_psc_exp_ps"]),
                     "nest-grid": ("nest_brette2007.py", ["--model", "iaf_psc_exp"]),
                     "nest-cond": ("nest_brette2007.py", ["--model", "iaf_cond_exp"])}[variant]
    extra += ["--benchmark", opts.benchmark]
    python = opts.python_brian2 if script.startswith("brian2") else opts.python_nest
    out = subprocess.run([python, os.path.join(PEERS, script), "--duration", d, "--seed", str(seed), "--json"] + extra,
                         check=True, capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    return r["sim_wall_s"], r["rate_hz"], r["cv_isi"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--benchmark", choices=("cuba", "coba"), default="cuba")
    p.add_argument("--duration", type=float, default=5000.0, help="simulated ms")
    p.add_argument("--seeds", type=seeds, default=seeds("1..5"))
    p.add_argument("--variants", help="comma-separated (default: every variant of the benchmark)")
    p.add_argument("--spinsim", default=os.path.join(ROOT, ".build/release/spinsim"))
    p.add_argument("--python-brian2", default=os.environ.get("BENCH_PYTHON_BRIAN2", "/work/venvs/brian2/bin/python"))
    p.add_argument("--python-nest", default=os.environ.get("BENCH_PYTHON_NEST", "/work/venvs/nest/bin/python"))
    opts = p.parse_args()
    variants = opts.variants.split(",") if opts.variants else VARIANTS[opts.benchmark]
    rows = {}
    for variant in variants:
        rows[variant] = [run(variant, opts, seed) for seed in opts.seeds]
    sustained = {v: [r for r in results if r[1] >= SUSTAINED_HZ] for v, results in rows.items()}
    reference = statistics.mean(t for t, _, _ in sustained.get("spinsim") or [(1, 0, 0)])
    name = {"cuba": "CUBA", "coba": "COBA"}[opts.benchmark]
    print(f"{name}, 4,000 cells, {opts.duration:g} ms simulated, seeds {opts.seeds[0]}-{opts.seeds[-1]}\n")
    print("| simulator | seeds sustained | wall s per simulated s | rate (Hz) | ISI CV | time / SpinSim |")
    print("|---|---|---|---|---|---|")
    for variant, results in sustained.items():
        if not results:
            print(f"| {variant} | 0 of {len(rows[variant])} | | | | |")
            continue
        times, rates, cvs = zip(*results)
        per_second = statistics.mean(times) / (opts.duration / 1000)
        spread = lambda xs: f"{statistics.mean(xs):.3f} ± {statistics.pstdev(xs):.3f}"
        print(f"| {variant} | {len(results)} of {len(rows[variant])} | {per_second:.4f} | {spread(rates)} | {spread(cvs)} "
              f"| {statistics.mean(times) / reference:.2f} |")


if __name__ == "__main__":
    main()
