"""The simulated Ising machine as a user drives it: `spinsim ising sample` on
a problem file against brute force, bad problem files, and `ising train`
files read with h5py, resumed bit for bit."""

import itertools
import os

import h5py
import numpy as np
import pytest

from conftest import REPO

MNIST = REPO / "datasets" / "mnist-small"


def brute_force_dwave(h, J):
    """Lowest dimod energy E = sum h s + sum J s s over every state."""
    n = len(h)
    best = np.inf
    for s in itertools.product((-1, 1), repeat=n):
        s = np.array(s)
        best = min(best, h @ s + sum(v * s[i] * s[j] for (i, j), v in J.items()))
    return best


def write_problem(path, h, J):
    with open(path, "w") as f:
        f.write("# random instance\n")
        for i, v in enumerate(h):
            f.write(f"{i} {i} {float(v)!r}\n")
        for (i, j), v in J.items():
            f.write(f"{i},{j},{float(v)!r}\n")


def rows(stdout):
    """The printed states: (energy, times found, spins text)."""
    lines = stdout.splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("energy\tfound")) + 1
    return [(float(f[0]), int(f[1]), f[2]) for f in (line.split("\t") for line in lines[start:] if "\t" in line)]


def energies(stdout):
    return [row[0] for row in rows(stdout)]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sample_finds_the_brute_force_ground_state(spinsim, tmp_path, seed):
    rng = np.random.default_rng(seed)
    n = 10
    h = rng.uniform(-1, 1, n)
    J = {(i, j): rng.uniform(-1, 1) for i in range(n) for j in range(i + 1, n) if rng.uniform() < 0.5}
    path = tmp_path / "problem.txt"
    write_problem(path, h, J)
    result = spinsim("ising", "sample", path, "--reads", 50, "--steps", 300, "--spins")
    found = energies(result.stdout)
    assert found == sorted(found)
    assert abs(found[0] - brute_force_dwave(h, J)) < 1e-9
    # The printed spins have the printed energy (dimod's convention).
    s = np.array([1 if c == "+" else -1 for c in rows(result.stdout)[0][2]])
    assert abs(h @ s + sum(v * s[i] * s[j] for (i, j), v in J.items()) - found[0]) < 1e-6
    # In SpinSim's convention the same numbers are a different problem: its ground energy is that of -h, -J.
    physics = spinsim("ising", "sample", path, "--reads", 50, "--steps", 300, "--convention", "physics")
    assert abs(energies(physics.stdout)[0] - brute_force_dwave(-h, {k: -v for k, v in J.items()})) < 1e-9


def test_bad_problem_files_get_one_line_errors(spinsim, tmp_path):
    cases = {
        "fields.txt": ("0 1 0.5\n1 2 nan\n", "line 2"),
        "short.txt": ("0 1\n", "line 1: expected 'i j value'"),
        "negative.txt": ("0 -1 1\n", "line 1: spin indices"),
        "twice.txt": ("0 0 1\n0 0 2\n", "line 2: a second field on spin 0"),
        "empty.txt": ("# nothing\n", "no terms"),
    }
    for name, (text, message) in cases.items():
        path = tmp_path / name
        path.write_text(text)
        result = spinsim("ising", "sample", path, check=False)
        assert result.returncode != 0 and message in result.stderr and str(path) in result.stderr, (name, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    result = spinsim("ising", "sample", fifo, check=False, timeout=20)
    assert result.returncode != 0 and "not a regular file" in result.stderr
    result = spinsim("ising", "sample", tmp_path / "missing.txt", check=False)
    assert result.returncode != 0 and "no such file" in result.stderr


def train(spinsim, save, *extra):
    return spinsim("ising", "train", "--mnist", MNIST, "--train-limit", 40, "--test-limit", 20, "--reads", 2,
                   "--steps", 20, "--save", save, *extra)


def test_model_file_and_resume_bit_for_bit(spinsim, tmp_path):
    straight = tmp_path / "straight.h5"
    train(spinsim, straight, "--epochs", 2)
    with h5py.File(straight, "r") as f:
        g = f["ising"]
        assert list(g.attrs["layer_sizes"]) == [784, 120, 40]
        assert g["input_weights"].shape == (784, 120) and g["couplings"].shape == (120, 40)
        assert g["input_weights"].dtype == np.float64
        assert np.all(np.abs(g["couplings"][...]) <= 1)
        assert list(g["history/epoch"][...]) == [0, 1]
        assert f.attrs["completed"] == "true"
    # One epoch, then resumed to two from the checkpoint: the same file contents.
    resumed, checkpoint = tmp_path / "resumed.h5", tmp_path / "ck.json"
    train(spinsim, resumed, "--epochs", 1, "--checkpoint", checkpoint)
    spinsim("ising", "train", "--resume", checkpoint, "--epochs", 2)
    with h5py.File(straight, "r") as a, h5py.File(resumed, "r") as b:
        for name in ["input_weights", "couplings", "hidden_biases", "output_biases", "history/train_accuracy", "history/flips"]:
            assert np.array_equal(a["ising"][name][...], b["ising"][name][...]), name
    # Threads change no bit.
    three = tmp_path / "three.h5"
    train(spinsim, three, "--epochs", 2, "--threads", 3)
    with h5py.File(straight, "r") as a, h5py.File(three, "r") as b:
        assert np.array_equal(a["ising/couplings"][...], b["ising/couplings"][...])
    evaluation = spinsim("ising", "evaluate", "--mnist", MNIST, "--model", straight, "--test-limit", 20)
    assert "accuracy" in evaluation.stdout
    # No overwrite without --force; the file is untouched.
    before = straight.read_bytes()
    result = spinsim("ising", "train", "--mnist", MNIST, "--train-limit", 40, "--epochs", 1, "--save", straight, check=False)
    assert result.returncode != 0 and straight.read_bytes() == before


def test_damaged_model_is_refused(spinsim, tmp_path):
    model = tmp_path / "m.h5"
    train(spinsim, model, "--epochs", 1)
    with h5py.File(model, "r+") as f:
        f["ising/couplings"][0, 0] = 7.0
    result = spinsim("ising", "evaluate", "--mnist", MNIST, "--model", model, check=False)
    assert result.returncode != 0 and "[-1, 1]" in result.stderr and len(result.stderr.strip().splitlines()) == 1
