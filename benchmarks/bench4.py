#!/usr/bin/env python3
"""Brette et al. 2007 Benchmark 4: SpinSim vs Brian2 vs NEST, one table.

Each (variant, seed) runs in its own subprocess under GNU time, which gives
its peak RSS (with its descendants), unless the child reports peak_rss_kib
itself (Brian2: its compiled simulation binary, not the compiler; NEST: the
process when the simulation ends, before the spikes are copied into Python).

Bytes/synapse = (peak RSS at p - peak RSS at p=0) / synapses, from two extra
runs of --memory-duration ms (default 1): with the full duration the p=0 run
fires about twice as many spikes, and the spike record alone would bias the
difference by tens of bytes per synapse.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
PEERS = os.path.join(HERE, "peers")
GNU_TIME = "/usr/bin/time"
VARIANTS = ("spinsim", "spinsim-baseline", "brian2-dt0.1", "brian2-dt0.01", "nest-ps", "nest-grid")


def commands(opts):
    brian2 = [opts.python_brian2, os.path.join(PEERS, "brian2_bench4.py")]
    nest = [opts.python_nest, os.path.join(PEERS, "nest_bench4.py")]
    return {
        "spinsim": [opts.spinsim, "bench4"],
        # An earlier build, to measure a change side by side in one run:
        # --baseline "/path/to/old/spinsim bench" (before spinsim-bench existed).
        "spinsim-baseline": (opts.baseline or "").split() + ["bench4"],
        "brian2-dt0.1": brian2 + ["--dt", "0.1"],
        "brian2-dt0.01": brian2 + ["--dt", "0.01"],
        "nest-ps": nest + ["--model", "iaf_psc_delta_ps"],
        "nest-grid": nest + ["--model", "iaf_psc_delta"],
    }


def run_child(cmd):
    """Run cmd, return its JSON result with its peak RSS in bytes.

    ru_maxrss from os.wait4 is not exact here: a child exec'd from this
    process starts with this process's RSS high-water mark.  GNU time forks
    the child from a ~1 MiB process and reports its peak RSS, so use it.
    """
    with tempfile.NamedTemporaryFile("w+") as rss, tempfile.TemporaryFile() as err:
        timed = os.access(GNU_TIME, os.X_OK)
        full = [GNU_TIME, "-f", "%M", "-o", rss.name] + cmd if timed else cmd
        child = subprocess.Popen(full, stdout=subprocess.PIPE, stderr=err)
        out = child.stdout.read().decode()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            err.seek(0)
            tail = err.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{' '.join(cmd)} exited {child.returncode}:\n{tail}")
        rss_kib = int(rss.read().split()[-1]) if timed else usage.ru_maxrss
    result = json.loads(out.strip().splitlines()[-1])
    result["process_rss_bytes"] = rss_kib * 1024
    result["peak_rss_bytes"] = result.get("peak_rss_kib", rss_kib) * 1024
    return result


def mean_std(values):
    values = [v for v in values if v is not None]
    if not values:
        return None, None
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def summarize(runs, bytes_per_synapse):
    wall = [r["sim_wall_s"] / (r["duration_ms"] / 1000) for r in runs]
    return {
        "wall_per_sim_s": statistics.fmean(wall),
        "events_per_s": statistics.fmean(r["synaptic_events"] / r["sim_wall_s"] for r in runs),
        "build_s": statistics.fmean(r["build_s"] for r in runs),
        "rss_mib": statistics.fmean(r["peak_rss_bytes"] for r in runs) / 2**20,
        "bytes_per_synapse": bytes_per_synapse,
        "rate": mean_std([r["rate_hz"] for r in runs]),
        "cv": mean_std([r["cv_isi"] for r in runs]),
    }


def fmt(x, spec):
    return "n/a" if x is None else format(x, spec)


def table(summary):
    ref = summary.get("spinsim")
    ratio = lambda s, key: fmt(s[key] / ref[key], ".2f") if ref and s[key] and ref[key] else "n/a"
    rows = ["| variant | wall s / sim s | syn. events / s | build s | peak RSS MiB | bytes / synapse"
            " | rate Hz | CV ISI | wall / SpinSim | RSS / SpinSim | bytes/syn / SpinSim |",
            "|---" * 11 + "|"]
    for name, s in summary.items():
        rows.append(" | ".join([
            f"| {name}", fmt(s["wall_per_sim_s"], ".4f"), fmt(s["events_per_s"], ".3g"),
            fmt(s["build_s"], ".3f"), fmt(s["rss_mib"], ".1f"), fmt(s["bytes_per_synapse"], ".1f"),
            f"{fmt(s['rate'][0], '.3f')} ± {fmt(s['rate'][1], '.3f')}",
            f"{fmt(s['cv'][0], '.3f')} ± {fmt(s['cv'][1], '.3f')}",
            ratio(s, "wall_per_sim_s"), ratio(s, "rss_mib"), ratio(s, "bytes_per_synapse")]) + " |")
    return "\n".join(rows)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--neurons", type=int, default=4000)
    ap.add_argument("--p", type=float, help="connection probability (default 80 / neurons)")
    ap.add_argument("--duration", type=float, default=10000.0, help="simulated ms")
    ap.add_argument("--delay", type=float, default=0.1, help="ms")
    ap.add_argument("--seeds", default="1,2,3,4,5", help="comma list or range a..b")
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--spinsim", default=".build/release/spinsim-bench")
    ap.add_argument("--baseline", help='command of an earlier build, e.g. "/tmp/old/spinsim-bench" '
                    'or "/tmp/old/spinsim bench"; enables the spinsim-baseline variant')
    ap.add_argument("--python-brian2",
                    default=os.environ.get("BENCH_PYTHON_BRIAN2", "/work/venvs/brian2/bin/python"))
    ap.add_argument("--python-nest",
                    default=os.environ.get("BENCH_PYTHON_NEST", "/work/venvs/nest/bin/python"))
    ap.add_argument("--memory-duration", type=float, default=1.0,
                    help="simulated ms of the two bytes/synapse runs (p=0 and p)")
    ap.add_argument("--no-memory", action="store_true", help="skip the bytes/synapse runs")
    ap.add_argument("--out", help="save raw results as JSON")
    opts = ap.parse_args()

    if ".." in opts.seeds:
        lo, hi = map(int, opts.seeds.split(".."))
        seeds = list(range(lo, hi + 1))
    else:
        seeds = [int(s) for s in opts.seeds.split(",")]
    p = opts.p if opts.p is not None else 80.0 / opts.neurons
    variants = [v.strip() for v in opts.variants.split(",") if v.strip()]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        ap.error(f"unknown variants {sorted(unknown)}; choose from {', '.join(VARIANTS)}")
    if "spinsim-baseline" in variants and not opts.baseline:
        variants.remove("spinsim-baseline")
    if "spinsim" in variants and not os.access(opts.spinsim, os.X_OK):
        print(f"skipping spinsim: no executable at {opts.spinsim}", file=sys.stderr)
        variants.remove("spinsim")
    if not os.access(GNU_TIME, os.X_OK):
        print(f"warning: no {GNU_TIME} (Debian package 'time'): peak RSS from os.wait4 "
              "includes this driver's RSS", file=sys.stderr)
    cmds = commands(opts)

    def run(variant, seed, prob, duration):
        cmd = cmds[variant] + ["--neurons", str(opts.neurons), "--p", repr(prob),
                               "--duration", repr(duration), "--seed", str(seed),
                               "--delay", repr(opts.delay), "--json"]
        print(f"running {variant} seed={seed} p={prob:g} T={duration:g} ms",
              file=sys.stderr, flush=True)
        r = run_child(cmd)
        print(f"  sim {r['sim_wall_s']:.3f} s, build {r['build_s']:.3f} s, "
              f"{r['spikes']} spikes, RSS {r['peak_rss_bytes'] / 2**20:.1f} MiB",
              file=sys.stderr, flush=True)
        return r

    raw, summary = {}, {}
    for variant in variants:
        runs = [run(variant, seed, p, opts.duration) for seed in seeds]
        memory, per_syn = [], None
        if not opts.no_memory:
            memory = [run(variant, seeds[0], prob, opts.memory_duration) for prob in (0.0, p)]
            if memory[1]["synapses"]:
                per_syn = ((memory[1]["peak_rss_bytes"] - memory[0]["peak_rss_bytes"])
                           / memory[1]["synapses"])
        raw[variant] = {"runs": runs, "memory_runs": memory}
        summary[variant] = summarize(runs, per_syn)
    if opts.out:
        with open(opts.out, "w") as f:
            json.dump({"neurons": opts.neurons, "p": p, "duration_ms": opts.duration,
                       "delay_ms": opts.delay, "seeds": seeds,
                       "memory_duration_ms": opts.memory_duration, "summary": summary,
                       "raw": raw}, f, indent=1)
    print(f"\nBenchmark 4: N={opts.neurons}, p={p:g}, T={opts.duration:g} ms, "
          f"delay={opts.delay:g} ms, seeds={seeds}\n")
    print(table(summary))


if __name__ == "__main__":
    main()
