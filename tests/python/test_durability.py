"""Killed, interrupted and resumed runs: the trace and checkpoints stay usable."""

import os
import signal
import subprocess
import time

import json

import h5py
import numpy as np
import pytest

from conftest import BENCH4, REPO


def spikes(path):
    with h5py.File(path, "r") as file:
        return {name: (group["timestamps"][:], group["node_ids"][:]) for name, group in file["spikes"].items()}


def command(spinsim, *arguments):
    return [spinsim.binary, *map(str, arguments)]


def wait_for(path, seconds=30):
    deadline = time.time() + seconds
    while not os.path.exists(path) and time.time() < deadline:
        time.sleep(0.05)


def test_sigkill_leaves_a_readable_trace_up_to_the_last_flush(spinsim, tmp_path):
    trace = tmp_path / "killed.h5"
    process = subprocess.Popen(
        command(spinsim, "run", BENCH4, "--duration", 10_000_000, "--out", trace, "--flush-interval", 50),
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for(trace)
    time.sleep(2.0)
    process.kill()
    process.wait()
    with h5py.File(trace, "r") as file:
        assert not file.attrs["completed"]
        # The last flush recorded how far the run got (every 50 ms simulated).
        reached = file.attrs["reached_time"]
        assert 0 < reached < file.attrs["end_time"]
        total = 0
        for group in file["spikes"].values():
            times, nodes = group["timestamps"][:], group["node_ids"][:]
            assert len(times) == len(nodes)
            assert np.all(np.diff(times) >= 0)
            total += len(times)
            assert len(times) == 0 or times[-1] < reached + 50
        assert total > 1000


def test_sigint_closes_the_trace_and_writes_a_checkpoint_that_resumes_exactly(spinsim, tmp_path):
    trace, checkpoint = tmp_path / "interrupted.h5", tmp_path / "run.ck"
    process = subprocess.Popen(
        command(spinsim, "run", BENCH4, "--duration", 60_000, "--out", trace, "--checkpoint", checkpoint),
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for(trace)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted by SIGINT" in stderr
    with h5py.File(trace, "r") as file:
        assert not file.attrs["completed"]
        assert file.attrs["stop_reason"] == "interrupted by SIGINT"
    # Continue to 300 ms past the interruption and compare with one uninterrupted run.
        stopped_at = json.loads(checkpoint.read_text())["time"]
    end = stopped_at + 300
    spinsim("resume", checkpoint, "--duration", end)
    reference = tmp_path / "reference.h5"
    spinsim("run", BENCH4, "--duration", end, "--out", reference)
    resumed, expected = spikes(trace), spikes(reference)
    for name in expected:
        np.testing.assert_array_equal(resumed[name][0], expected[name][0])
        np.testing.assert_array_equal(resumed[name][1], expected[name][1])
    with h5py.File(trace, "r") as file:
        assert file.attrs["completed"]


def test_resume_into_a_new_file_gives_the_spikes_of_an_uninterrupted_run(spinsim, tmp_path):
    checkpoint, first, second, whole = tmp_path / "ck", tmp_path / "a.h5", tmp_path / "b.h5", tmp_path / "whole.h5"
    record = ["--record", "inhibitory.v:0-4", "--sample-interval", 0.1]
    spinsim("run", BENCH4, "--duration", 500, "--checkpoint", checkpoint, "--out", first, *record)
    spinsim("resume", checkpoint, "--duration", 1000, "--out", second)
    spinsim("run", BENCH4, "--duration", 1000, "--out", whole, *record)
    split, expected = spikes(second), spikes(whole)
    for name, (times, nodes) in expected.items():
        after = times >= 500
        np.testing.assert_array_equal(split[name][0], times[after])  # bit for bit
        np.testing.assert_array_equal(split[name][1], nodes[after])
    with h5py.File(first) as a, h5py.File(second) as b, h5py.File(whole) as w:
        joined = np.vstack([a["report/inhibitory/data"][:], b["report/inhibitory/data"][:]])
        np.testing.assert_array_equal(joined, w["report/inhibitory/data"][:])
        assert b["report/inhibitory/mapping/time"][0] == 500.0


def test_sigkill_during_checkpointing_leaves_a_loadable_checkpoint(spinsim, tmp_path):
    checkpoint, other = tmp_path / "often.ck", tmp_path / "other.ck"
    resumed = 0
    for delay in (0.4, 0.7, 1.1, 1.6):
        # Each try starts afresh: a checkpoint left by an earlier one would hide a run that never started.
        checkpoint.unlink(missing_ok=True)
        other.unlink(missing_ok=True)
        process = subprocess.Popen(
            command(spinsim, "run", BENCH4, "--duration", 10_000_000, "--checkpoint", checkpoint,
                    "--checkpoint-every", 5),
            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        process.kill()
        process.wait()
        if not checkpoint.exists():
            continue
        at = json.loads(checkpoint.read_text())["time"]
        result = spinsim("resume", checkpoint, "--duration", at + 1, "--checkpoint", other)
        assert "spikes" in result.stdout
        resumed += 1
    assert resumed > 0


def test_inspect_describes_a_trace_and_rejects_other_files(spinsim, tmp_path):
    trace = tmp_path / "t.h5"
    spinsim("run", BENCH4, "--duration", 100, "--out", trace, "--record", "v:0-2")
    output = spinsim("inspect", trace).stdout
    assert "completed  yes" in output
    assert "excitatory: 3200 nodes" in output and "inhibitory: 800 nodes" in output
    assert "excitatory.v [mV]: 3 nodes, 1000 samples" in output
    assert "seed: 1" in output
    other = tmp_path / "other.h5"
    with h5py.File(other, "w") as file:
        file["x"] = [1, 2, 3]
    result = spinsim("inspect", other, check=False)
    assert result.returncode != 0 and "not a SpinSim trace" in result.stderr
    garbage = tmp_path / "garbage.h5"
    garbage.write_bytes(os.urandom(4096))
    result = spinsim("inspect", garbage, check=False)
    assert result.returncode != 0 and str(garbage) in result.stderr and len(result.stderr.strip().splitlines()) == 1
