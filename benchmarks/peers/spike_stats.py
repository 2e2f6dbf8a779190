"""Spike-train statistics shared by every Benchmark 4 script (peers and driver)."""
import numpy as np


def rate_and_cv(senders, times_ms, n, duration_ms):
    """Return (mean rate in Hz, mean CV of ISI).

    senders: 0-based neuron indices; times_ms: spike times in ms.
    Rate = spikes / (n * T).  CV = mean over neurons with >= 3 spikes of
    std(ISI) / mean(ISI) (population std, ddof=0); None if no such neuron.
    """
    senders = np.asarray(senders, dtype=np.int64)
    times = np.asarray(times_ms, dtype=np.float64)
    rate = len(times) / (n * duration_ms / 1000.0) if n and duration_ms else 0.0
    order = np.lexsort((times, senders))
    senders, times = senders[order], times[order]
    same = senders[1:] == senders[:-1]
    isi, owner = np.diff(times)[same], senders[1:][same]
    count = np.bincount(owner, minlength=n)
    total = np.bincount(owner, isi, minlength=n)
    total_sq = np.bincount(owner, isi * isi, minlength=n)
    ok = count >= 2
    if not ok.any():
        return rate, None
    mean = total[ok] / count[ok]
    std = np.sqrt(np.maximum(total_sq[ok] / count[ok] - mean * mean, 0.0))
    return rate, float(np.mean(std / mean))


def synaptic_events(sources, n, senders):
    """Exact number of delivered synaptic events: sum of out-degrees of spiking sources."""
    out_degree = np.bincount(np.asarray(sources, dtype=np.int64), minlength=n)
    return int(out_degree[np.asarray(senders, dtype=np.int64)].sum())
