"""The reservoir's front ends, node states and files, checked the way a user
would: WAV files written with Python's own `wave` module, features and node
states recomputed independently with numpy from the formulas the docs state."""

import json
import wave

import h5py
import numpy as np
import pytest

RATE = 8000


def write_wav(path, samples):
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Ten 'digits', each a tone pair of its own, 2 speakers x 6 takes, 0.25-0.35 s long."""
    directory = tmp_path_factory.mktemp("digits")
    rng = np.random.default_rng(5)
    for digit in range(10):
        for speaker in ("ann", "bob"):
            for index in range(6):
                n = int(RATE * rng.uniform(0.25, 0.35))
                t = np.arange(n) / RATE
                shift = 1.0 if speaker == "ann" else 1.06
                f1, f2 = (300 + 60 * digit) * shift, (1200 + 170 * digit) * shift
                x = 0.4 * np.sin(2 * np.pi * f1 * t) + 0.25 * np.sin(2 * np.pi * f2 * t * (1 + 0.2 * t))
                x *= np.hanning(n) ** 0.5
                write_wav(directory / f"{digit}_{speaker}_{index}.wav", x + 0.01 * rng.standard_normal(n))
    return directory


def read_wav(path):
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2") / 32768.0


def power_frames(x, frame=200, hop=80, nfft=256):
    window = 0.5 * (1 - np.cos(2 * np.pi * np.arange(frame) / frame))
    count = 1 if len(x) <= frame else 1 + (len(x) - frame) // hop
    frames = np.zeros((count, nfft))
    for k in range(count):
        chunk = x[k * hop:k * hop + frame]
        frames[k, :len(chunk)] = window[:len(chunk)] * chunk
    return np.abs(np.fft.rfft(frames, axis=1)) ** 2


def unit_range(v):
    return (v - v.min()) / (v.max() - v.min())


def reference_features(kind, x):
    p = power_frames(x)
    f = np.arange(p.shape[1]) * RATE / 256
    if kind == "spectrogram":
        return unit_range(np.log10(p + 1e-10))
    if kind == "mfcc":
        mel = lambda h: 2595 * np.log10(1 + h / 700)
        edges = 700 * (10 ** (np.linspace(mel(0), mel(RATE / 2), 42) / 2595) - 1)
        lo, ce, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
        bank = np.clip(np.minimum((f - lo) / (ce - lo), (hi - f) / (hi - ce)), 0, None)
        logs = np.log(p @ bank.T + 1e-10)
        m = 40
        q = np.arange(13)[:, None]
        basis = np.cos(np.pi * q * (np.arange(m) + 0.5) / m) * np.where(q == 0, np.sqrt(1 / m), np.sqrt(2 / m))
        return unit_range(logs @ basis.T)
    if kind == "cochleagram":
        rate = lambda h: 21.4 * np.log10(1 + 4.37 * h / 1000)
        e = np.linspace(rate(100), rate(RATE / 2), 64)
        fc = (10 ** (e / 21.4) - 1) * 1000 / 4.37
        b = 1.019 * 24.7 * (4.37 * fc / 1000 + 1)
        response = (1 + ((f[None, :] - fc[:, None]) / b[:, None]) ** 2) ** -4.0
        response[response < 1e-12] = 0
        return unit_range(np.cbrt(p @ response.T))
    raise ValueError(kind)


def logistic_power(p, current, theta, damping=2.5, threshold=4.0, q=2.0):
    sigma_i = damping / threshold * current
    a, b = sigma_i - damping, sigma_i + damping * q
    return p / (np.exp(-2 * a * theta) + b * p * (1 - np.exp(-2 * a * theta)) / a)


@pytest.mark.parametrize("kind", ["cochleagram", "mfcc", "spectrogram"])
def test_front_ends_and_node_states_match_numpy(spinsim, corpus, tmp_path, kind):
    model = tmp_path / "model.h5"
    result = spinsim("reservoir", "train", "--data", corpus, "--folds", 3, "--front-end", kind,
                     "--nodes", 40, "--save", model)
    assert "held out" in result.stdout
    trace = tmp_path / "trace.h5"
    names = "3_ann_2.wav,7_bob_5.wav"
    spinsim("reservoir", "evaluate", "--data", corpus, "--model", model, "--out", trace, "--record", names)
    with h5py.File(trace, "r") as h5:
        reservoir = json.loads(h5["reservoir"].attrs["reservoir"])
        theta, bias = reservoir["nodeDuration"], reservoir["biasCurrent"]
        assert (theta, bias) == (0.4, 8.0)
        for name in names.split(","):
            group = h5["reservoir/utterances"][name[:-4]]
            ours = group["features"][()]
            reference = reference_features(kind, read_wav(corpus / name))
            assert ours.shape == reference.shape
            np.testing.assert_allclose(ours, reference, atol=1e-9)
            # The node states are the logistic closed form under the traced currents, from p0 at the bias.
            currents, power = group["currents_ma"][()].ravel(), group["power"][()].ravel()
            zeta = bias / 4.0
            p = (zeta - 1) / (zeta + 2)
            expected = np.empty_like(power)
            for n, current in enumerate(currents):
                p = logistic_power(p, current, theta)
                expected[n] = p
            np.testing.assert_allclose(power, expected, rtol=1e-10)
    with h5py.File(model, "r") as h5:
        assert h5["reservoir/readout/weights"].shape == (10, 40)
        assert h5["reservoir"].attrs["front_end_kind"] == kind


def test_reservoir_learns_the_synthetic_digits(spinsim, corpus, tmp_path):
    result = spinsim("reservoir", "train", "--data", corpus, "--folds", 3, "--nodes", 100, "--front-end", "mfcc",
                     "--save", tmp_path / "m.h5")
    held = [line for line in result.stdout.splitlines() if "held out" in line][0]
    correct, total = map(int, held.split("held out")[1].split()[0].split("/"))
    assert total == 120 and correct >= 108, held
    evaluation = spinsim("reservoir", "evaluate", "--data", corpus, "--model", tmp_path / "m.h5")
    assert "accuracy" in evaluation.stdout


@pytest.mark.parametrize("damage, message", [
    (b"RIFF\x00\x00", "not a readable WAV file"),
    (b"hello, this is text", "not a readable WAV file"),
])
def test_damaged_wav_is_named(spinsim, tmp_path, damage, message):
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "1_ann_0.wav").write_bytes(damage)
    for index in range(1, 3):
        write_wav(directory / f"1_ann_{index}.wav", np.zeros(800))
    result = spinsim("reservoir", "train", "--data", directory, "--folds", 3, check=False)
    assert result.returncode != 0
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("Error: ") and "1_ann_0.wav" in error and message in error


def test_bad_names_and_collisions(spinsim, corpus, tmp_path):
    directory = tmp_path / "named"
    directory.mkdir()
    write_wav(directory / "hello.wav", np.zeros(800))
    result = spinsim("reservoir", "train", "--data", directory, check=False)
    assert result.returncode != 0 and "hello.wav" in result.stderr and "{digit}_{speaker}_{index}" in result.stderr
    model = tmp_path / "model.h5"
    spinsim("reservoir", "train", "--data", corpus, "--folds", 3, "--nodes", 10, "--save", model)
    before = model.read_bytes()
    again = spinsim("reservoir", "train", "--data", corpus, "--folds", 3, "--nodes", 10, "--save", model, check=False)
    assert again.returncode != 0 and "already exists" in again.stderr and model.read_bytes() == before
    clash = spinsim("reservoir", "evaluate", "--data", corpus, "--model", model, "--out", model, "--force", check=False)
    assert clash.returncode != 0 and model.read_bytes() == before


def test_thread_count_changes_no_bit(spinsim, corpus, tmp_path):
    models = []
    for threads in (1, 3):
        path = tmp_path / f"m{threads}.h5"
        spinsim("reservoir", "train", "--data", corpus, "--folds", 3, "--nodes", 30, "--threads", threads, "--save", path)
        with h5py.File(path, "r") as h5:
            models.append((h5["reservoir/readout/weights"][()], h5["reservoir/cross_validation/confusion"][()]))
    assert np.array_equal(models[0][0], models[1][0]) and np.array_equal(models[0][1], models[1][1])
