import Foundation
import SpinSimKit
import Formats
import Testing
import TestSupport

@Test func runPrintsASummaryAndWritesASpikeReport() throws {
    let directory = try temporaryDirectory()
    let trace = directory.appendingPathComponent("b4.h5").path
    let outcome = try spinsim(["run", "examples/bench4.toml", "--duration", "200", "--out", trace])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    for field in ["neurons            4,000", "spikes", "mean rate", "synaptic events", "wall time", "events per second"] {
        #expect(outcome.stdout.contains(field), "summary lacks \(field)")
    }
    let file = try HDF5File.open(path: trace)
    let root = try file.rootGroup()
    let spikes = try root.openGroup("spikes")
    #expect(try spikes.memberNames().sorted() == ["excitatory", "inhibitory"])
    let times = try spikes.openGroup("excitatory").openDataset("timestamps").read(Double.self, atMost: .max)
    #expect(!times.isEmpty && times == times.sorted() && times.last! < 200)
}

/// Spike datasets of a 300 ms Benchmark 4 run with the given seed, as raw bytes.
private func spikeBytes(seed: Int, in directory: URL) throws -> [UInt8] {
    let trace = directory.appendingPathComponent("seed\(seed)-\(UUID().uuidString).h5").path
    let outcome = try spinsim(["run", "examples/bench4.toml", "--duration", "300", "--seed", "\(seed)", "--out", trace])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let spikes = try HDF5File.open(path: trace).rootGroup().openGroup("spikes")
    var bytes: [UInt8] = []
    for population in ["excitatory", "inhibitory"] {
        let group = try spikes.openGroup(population)
        for time in try group.openDataset("timestamps").read(Double.self, atMost: .max) { withUnsafeBytes(of: time.bitPattern) { bytes += $0 } }
        for node in try group.openDataset("node_ids").read(UInt64.self, atMost: .max) { withUnsafeBytes(of: node) { bytes += $0 } }
    }
    return bytes
}

@Test func sameSeedGivesByteIdenticalSpikeDatasets() throws {
    let directory = try temporaryDirectory()
    let first = try spikeBytes(seed: 5, in: directory)
    #expect(first.count > 10_000)
    #expect(try spikeBytes(seed: 5, in: directory) == first)
    #expect(try spikeBytes(seed: 6, in: directory) != first)
}

/// Writes the example with one substitution and runs it.
private func runEdited(_ old: String, _ new: String) throws -> Outcome {
    let text = try String(contentsOf: repository.appendingPathComponent("examples/bench4.toml"), encoding: .utf8)
    precondition(text.contains(old))
    let path = try temporaryDirectory().appendingPathComponent("net.toml")
    try text.replacingOccurrences(of: old, with: new).write(to: path, atomically: true, encoding: .utf8)
    return try spinsim(["run", path.path, "--duration", "10"])
}

@Test(arguments: [
    ("tau_m = \"20 ms\"          # membrane", "tau_mem = \"20 ms\"  #", "population[0].tau_mem: unknown key"),
    ("tau_m = \"20 ms\"          # membrane", "tau_m = \"-20 ms\"  #", "population[0].tau_m: must be > 0 ms"),
    ("p = 0.02, allow_autapses = false }\nweight = \"0.25 mV\"", "p = 2.0 }\nweight = \"0.25 mV\"", "projection[0].connectivity.p: must be a probability"),
    ("size = 3200", "size = 3200.5", "population[0].size: expected an integer, got a number"),
])
func badNetworkFilesFailWithOneLineNamingTheField(old: String, new: String, expected: String) throws {
    let outcome = try runEdited(old, new)
    #expect(outcome.status != 0)
    #expect(outcome.stderr.contains(expected), "stderr: \(outcome.stderr)")
    #expect(outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)
    #expect(outcome.stdout.isEmpty)
}

@Test func missingFileAndUnknownOptionFailCleanly() throws {
    let missing = try spinsim(["run", "/nonexistent/net.toml"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("/nonexistent/net.toml: no such file"))
    let unknown = try spinsim(["run", "examples/bench4.toml", "--durration", "5"])
    #expect(unknown.status != 0)
    #expect(unknown.stderr == "Error: Unknown option '--durration'. Did you mean '--duration'?\n")
    let invalid = try spinsim(["run", "examples/bench4.toml", "--duration", "nan"])
    #expect(invalid.status != 0)
    #expect(invalid.stderr == "Error: --duration must be a finite, non-negative time such as \"2 s\" or 150 (ms); got nan ms\n")
    let negative = try spinsim(["run", "examples/bench4.toml", "--duration", "-5"])
    #expect(negative.status == 64)
    #expect(negative.stderr == "Error: --duration must be a finite, non-negative time such as \"2 s\" or 150 (ms); got -5.0 ms\n")
    let unitless = try spinsim(["run", "examples/bench4.toml", "--duration", "5 parsecs"])
    #expect(unitless.status == 64 && unitless.stderr.contains("'5 parsecs' is invalid for '--duration"))
}

/// Times on the command line are written as in network files, or in ms.
@Test func commandLineTimesTakeUnits() throws {
    let seconds = try spinsim(["run", "examples/bench4.toml", "--duration", "0.2 s"])
    #expect(seconds.status == 0 && seconds.stdout.contains("simulated          200.0 ms"))
    let bare = try spinsim(["run", "examples/bench4.toml", "--duration", "200"])
    #expect(bare.status == 0 && bare.stdout.contains("simulated          200.0 ms"))
    let zeroInterval = try spinsim(["run", "examples/bench4.toml", "--duration", "10", "--flush-interval", "0 ms"])
    #expect(zeroInterval.status == 64 && zeroInterval.stderr.hasPrefix("Error: --flush-interval must be a finite, positive time"))
}

@Test func existingTraceIsNotOverwrittenWithoutForce() throws {
    let trace = try temporaryDirectory().appendingPathComponent("t.h5").path
    #expect(try spinsim(["run", "examples/bench4.toml", "--duration", "5", "--out", trace]).status == 0)
    let again = try spinsim(["run", "examples/bench4.toml", "--duration", "5", "--out", trace])
    #expect(again.status != 0)
    #expect(again.stderr.contains("--force"))
    #expect(try spinsim(["run", "examples/bench4.toml", "--duration", "5", "--out", trace, "--force"]).status == 0)
}

@Test func unwritableOutputsFailWithOneLine() throws {
    let directory = try temporaryDirectory()
    // /dev/full accepts the file but fails every write (ENOSPC), like a full disk.
    let full = try spinsim(["run", "examples/bench4.toml", "--duration", "5", "--out", "/dev/full", "--force"])
    #expect(full.status != 0)
    #expect(full.stderr.contains("/dev/full"))
    #expect(full.stderr.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").count == 1)

    let missing = try spinsim(["run", "examples/bench4.toml", "--duration", "5", "--checkpoint", "/nonexistent/dir/ck"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("/nonexistent/dir/ck"))

    // A checkpoint that cannot replace its target leaves the previous one usable.
    let checkpoint = directory.appendingPathComponent("ck").path
    #expect(try spinsim(["run", "examples/bench4.toml", "--duration", "20", "--checkpoint", checkpoint]).status == 0)
    let before = try Data(contentsOf: URL(fileURLWithPath: checkpoint))
    try FileManager.default.createDirectory(atPath: checkpoint + ".partial", withIntermediateDirectories: false)
    let blocked = try spinsim(["run", "examples/bench4.toml", "--duration", "30", "--checkpoint", checkpoint])
    #expect(blocked.status != 0)
    #expect(blocked.stderr.contains(checkpoint))
    #expect(try Data(contentsOf: URL(fileURLWithPath: checkpoint)) == before)
    try FileManager.default.removeItem(atPath: checkpoint + ".partial")
    #expect(try spinsim(["resume", checkpoint, "--duration", "25", "--checkpoint", checkpoint + "2"]).status == 0)
}

@Test func damagedCheckpointsAreRejectedWithOneLine() throws {
    let path = try temporaryDirectory().appendingPathComponent("bad.ck").path
    try "{\"formatVersion\": 2, \"time\": 3}".write(toFile: path, atomically: true, encoding: .utf8)
    let outcome = try spinsim(["resume", path])
    #expect(outcome.status != 0)
    #expect(outcome.stderr.contains("\(path): not a SpinSim checkpoint or damaged"))
    #expect(try spinsim(["resume", "/nonexistent/ck"]).stderr.contains("/nonexistent/ck: no such file"))
}

@Test(arguments: ["examples/bench4.toml", "examples/poisson_drive.toml", "examples/stdp_poisson.toml"])
func exampleNetworksRun(path: String) throws {
    let trace = try temporaryDirectory().appendingPathComponent("example.h5").path
    let outcome = try spinsim(["run", path, "--duration", "50", "--out", trace])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(try spinsim(["inspect", trace]).stdout.contains("completed  yes"))
}

/// `spinsim models` prints every model from its schema: names, units, defaults, variables.
@Test func modelsListsEverySchema() throws {
    let outcome = try spinsim(["models"])
    #expect(outcome.status == 0)
    for expected in ["model = \"lif\"", "model = \"pif\"", "model = \"poisson\"", "model = \"spike_times\"",
                     "tau_m         ms    required  > 0", "c_m           pF    250 pF    > 0", "recordable: v (mV"] {
        #expect(outcome.stdout.contains(expected), "missing: \(expected)")
    }
}

/// The perfect-integrator example runs from its file and records its state.
@Test func perfectIntegratorExampleRuns() throws {
    let directory = try temporaryDirectory()
    let out = directory.appendingPathComponent("pif.h5").path
    let outcome = try spinsim(["run", "examples/pif_chain.toml", "--out", out, "--duration", "200"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("neurons            110"))
}

/// The README shows `spinsim models` as it is: the block after `$ spinsim models`.
@Test func readmeShowsTheCurrentModelCatalogue() throws {
    let readme = try String(contentsOf: repository.appendingPathComponent("README.md"), encoding: .utf8)
    let start = try #require(readme.range(of: "$ spinsim models\n"))
    let end = try #require(readme.range(of: "\n```", range: start.upperBound..<readme.endIndex))
    let shown = String(readme[start.upperBound..<end.lowerBound])
    let outcome = try spinsim(["models"])
    #expect(outcome.stdout.trimmingCharacters(in: .newlines) == shown)
}

/// A file that records spikes and state runs without --out and says, on
/// stderr, that nothing is written; a bad variable is still an error.
@Test func recordingWithoutOutRunsAndSaysNothingIsWritten() throws {
    let outcome = try spinsim(["run", "examples/poisson_drive.toml", "--duration", "50"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stderr.contains("records spikes and state (v), but no --out TRACE.h5 was given: nothing is written"))
    #expect(outcome.stdout.contains("network            examples/poisson_drive.toml"))
}

/// `--record` replaces the file's state list (poisson_drive.toml records cells.v:0-4).
@Test func recordOnTheCommandLineReplacesTheFilesList() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let out = directory.appendingPathComponent("replaced.h5").path
    let outcome = try spinsim(["run", "examples/poisson_drive.toml", "--duration", "20", "--out", out, "--record", "cells.v:7"])
    #expect(outcome.status == 0, "\(outcome.stderr)")
    let file = try HDF5File.open(path: out)
    let nodes = try file.rootGroup().openGroup("report").openGroup("cells").openGroup("mapping").openDataset("node_ids").read(UInt64.self, atMost: .max)
    #expect(nodes == [7])
}
