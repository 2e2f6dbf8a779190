"""`spinsim vowels` files read the way a user reads them, with h5py: the
model holds what training did (learning curve, kept currents, pattern
table), and a trace's phases, frequencies and lock patterns agree with one
another and with the stated detector (an oscillator follows source S when
its phase drifts from S by less than the tolerance over the window)."""

import json

import h5py
import numpy as np
import pytest

MEANS = {"iy": (432, 2808), "aw": (811, 1193), "er": (525, 1596)}


@pytest.fixture(scope="module")
def trained(spinsim, tmp_path_factory):
    """Four women saying three vowels, a quick network trained on w01 and w03."""
    directory = tmp_path_factory.mktemp("vowels")
    rng = np.random.default_rng(3)
    lines = ["header text", ""]
    for talker in range(1, 5):
        for vowel, (f1, f2) in MEANS.items():
            a, b = (int(round(f * (1 + rng.uniform(-0.03, 0.03)))) for f in (f1, f2))
            lines.append(" ".join([f"w{talker:02d}{vowel}", "250", "220", str(a), str(b), "2900", "0"] + [str(a), str(b), "2900"] * 3))
    data = directory / "vowdata.dat"
    data.write_text("\n".join(lines) + "\n")
    model = directory / "model.h5"
    spinsim("vowels", "train", "--data", data, "--vowels", "iy,aw,er", "--epochs", "3", "--drive-scales", "1.5",
            "--settling", "2", "--window", "2", "--no-control", "--save", model)
    trace = directory / "trace.h5"
    result = spinsim("vowels", "evaluate", "--data", data, "--model", model, "--out", trace)
    return model, trace, result.stdout


def test_model_records_training(trained):
    model, _, _ = trained
    with h5py.File(model, "r") as f:
        g = f["vowels"]
        assert g.attrs["vowels"] == "iy,aw,er"
        assert g.attrs["training_talkers"] == "w01,w03"
        network = json.loads(g.attrs["network"])
        assert network["settlingTime"] == 2 and network["window"] == 2
        curve = g["learning_curve"]
        epochs = len(curve["epoch"])
        assert 1 <= epochs <= 4 and curve["currents"].shape == (epochs, 4)
        assert np.all((curve["training_accuracy"][()] >= 0) & (curve["training_accuracy"][()] <= 1))
        chosen = int(g.attrs["chosen_epoch"])
        # The kept network is the chosen epoch's, the one of highest training accuracy.
        np.testing.assert_array_equal(g["currents"][()], curve["currents"][chosen])
        assert curve["training_accuracy"][chosen] == curve["training_accuracy"][()].max()
        table = g["table"]
        assert table["count"][()].sum() == 6  # every training token once
        assert np.all(table["agreeing"][()] <= table["count"][()])
        assert np.all(table["pattern"][()] < 3 ** 4) and np.all(table["vowel"][()] < 3)


def test_trace_phases_frequencies_and_patterns_agree(trained):
    model, trace, stdout = trained
    assert "traces of 3 tokens" in stdout
    with h5py.File(model, "r") as m:
        network = json.loads(m["vowels"].attrs["network"])
    settle, window, tolerance = network["settlingTime"], network["window"], network["detector"]["tolerance"]
    with h5py.File(trace, "r") as f:
        tokens = f["tokens"]
        assert sorted(tokens) == ["w02aw", "w02er", "w02iy"]  # the first scored token of each vowel
        for name in tokens:
            g = tokens[name]
            time, frequency, phase = g["time"][()], g["frequency"][()], g["phase"][()]
            assert time[0] == 0 and time[-1] == pytest.approx(settle + window)
            np.testing.assert_allclose(np.diff(time), 0.01, rtol=1e-9)
            assert frequency.shape == phase.shape == (len(time), 4)
            # Lab-frame MHz (instantaneous values swing by tens of MHz during phase slips).
            assert np.all((frequency.mean(axis=0) > 315) & (frequency.mean(axis=0) < 345))
            # The window frequency is the phase advance (unwrapped, cycles) over the window ...
            advance = np.array([np.interp(settle + window, time, phase[:, i]) - np.interp(settle, time, phase[:, i]) for i in range(4)])
            np.testing.assert_allclose(g["window_frequency"][()], advance / window, atol=1e-6)
            # ... and the mean instantaneous frequency over it (the 10 ns samples resolve the beats).
            inside = time >= settle
            np.testing.assert_allclose(frequency[inside].mean(axis=0), advance / window, atol=0.02)
            sources = {"A": g.attrs["source_a_mhz"], "B": g.attrs["source_b_mhz"]}
            pattern = g.attrs["pattern"]
            assert len(pattern) == 4 and g.attrs["vowel"] == name[3:]
            for i, state in enumerate(pattern):
                drifts = {s: abs(advance[i] - f * window) for s, f in sources.items()}
                if state == "-":
                    assert min(drifts.values()) >= tolerance
                else:
                    assert drifts[state] < tolerance and drifts[state] == min(drifts.values())
