import Foundation
import Testing
import TestSupport

/// Two vortex devices at 6 mA for 20 µs, phases recorded every 10 ns.
private let network = """
    duration = "0.02 ms"
    [[population]]
    name = "oscillators"
    model = "stno"
    size = 2
    i_dc = "6 mA"
    phase_init = { uniform = [0, 1] }
    [record]
    state = [{ population = "oscillators", variable = "phase", nodes = "0-1" }]
    sample_interval = "0.00001 ms"
    """

@Test func spectrumOfRecordedDevicesPeaksAtTheirFreeRunningFrequency() throws {
    let directory = try temporaryDirectory()
    let file = directory.appendingPathComponent("stno.toml").path, trace = directory.appendingPathComponent("stno.h5").path
    try network.write(toFile: file, atomically: true, encoding: .utf8)
    let run = try spinsim(["run", file, "--out", trace])
    #expect(run.status == 0, "\(run.stderr)")
    let csv = directory.appendingPathComponent("spectrum.csv").path
    let spectrum = try spinsim(["spectrum", trace, "--phase", "oscillators", "--segment", "512", "--out", csv])
    #expect(spectrum.status == 0, "\(spectrum.stderr)")
    // f0 + kI I + Nf p0 = 300 + 24 + 7/7 = 325 MHz for the vortex defaults at 6 mA.
    #expect(spectrum.stdout.contains("strongest line     325.0000 MHz"), "\(spectrum.stdout)")
    let rows = try String(contentsOfFile: csv, encoding: .utf8).split(separator: "\n")
    #expect(rows.first == "frequency_mhz,density_per_mhz" && rows.count == 513)
    let missing = try spinsim(["spectrum", trace, "--phase", "nothing"])
    #expect(missing.status != 0 && missing.stderr.contains("report/nothing"), "\(missing.stderr)")
    let again = try spinsim(["spectrum", trace, "--phase", "oscillators", "--out", csv])
    #expect(again.status != 0, "an existing --out is kept without --force")
}
