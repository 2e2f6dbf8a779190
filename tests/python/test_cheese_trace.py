"""The Cheddar-task trace: oscillator phases and frequencies as SONATA reports."""

import h5py
import numpy as np
import pytest

from conftest import REPO


def test_oscillator_state_reports_read_with_libsonata(spinsim, tmp_path):
    rows = (REPO / "datasets" / "cheese" / "benchmark.csv").read_text().splitlines()
    data = tmp_path / "four.csv"
    data.write_text("\n".join(rows[:1] + rows[1:41:10]) + "\n")
    trace = tmp_path / "cheese.h5"
    spinsim("cheese", "classify", "--data", data, "--model", "phase", "--out", trace)
    with h5py.File(trace, "r") as file:
        assert file.attrs["completed"]
        reports = sorted(file["report"])
        assert reports == sorted(f"cheddar_sample{k}_{v}" for k in range(4) for v in ("phase", "frequency"))
        frequency = file["report/cheddar_sample0_frequency/data"][:]
        assert frequency.shape[1] == 3 and file["report/cheddar_sample0_frequency/data"].attrs["units"] == "MHz"
        # Same samples as the task's own layout (float32 of the float64 values).
        np.testing.assert_array_equal(frequency, file["cheese/cheddar/samples/0/sampled/frequency"][:].astype(np.float32))
    libsonata = pytest.importorskip("libsonata")
    reader = libsonata.SomaReportReader(str(trace))
    population = reader["cheddar_sample0_frequency"]
    start, stop, step = population.times
    assert start == 0.0 and step > 0
    frame = population.get()
    assert list(frame.ids) == [0, 1, 2]
    np.testing.assert_allclose(np.asarray(frame.data)[0], [323, 339, 344], atol=1e-3)


def test_device_trace_holds_power_phase_and_frequency(spinsim, tmp_path):
    rows = (REPO / "datasets" / "cheese" / "benchmark.csv").read_text().splitlines()
    data = tmp_path / "one.csv"
    data.write_text("\n".join(rows[:2]) + "\n")
    trace = tmp_path / "device.h5"
    spinsim("cheese", "classify", "--data", data, "--out", trace)
    with h5py.File(trace, "r") as file:
        assert file.attrs["completed"]
        assert sorted(file["report"]) == [f"cheddar_sample0_{v}" for v in ("frequency", "phase", "power")]
        power = file["report/cheddar_sample0_power/data"][:]
        frequency = file["report/cheddar_sample0_frequency/data"][:]
        # Devices start at p0 of the DC currents that put them at their start frequencies;
        # the instantaneous frequency also holds the pull of the other two through the line
        # (0.12 MHz coupling each, times sqrt(1 + nu^2) at most).
        np.testing.assert_allclose(frequency[0], [344.1397, 335.2000, 332.8995], atol=0.5)
        assert np.all((power > 0) & (power < 1))
        # The analyser's view when the score was read: one line holding the detector's score
        # (in single-device power units) for this Cheddar sample.
        group = file["cheese/cheddar"]
        score = group["score"][0]
        density = file["cheese/cheddar/samples/0/spectrum_density"][:]
        frequency_axis = file["cheese/cheddar/samples/0/spectrum_frequency"][:]
        bin_width = frequency_axis[1] - frequency_axis[0]
        peak = int(np.argmax(density))
        line = density[max(0, peak - 1):peak + 2].sum() * bin_width
        assert score > 8 and line > 0.5 * score * np.mean(power)
