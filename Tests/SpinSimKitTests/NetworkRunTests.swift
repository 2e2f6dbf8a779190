import Diagnostics
import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

private let bench4 = repository.appendingPathComponent("examples/bench4.toml").path

private func spikeTimes(_ path: String, _ population: String) throws -> [Double] {
    try HDF5File.open(path: path).rootGroup().openGroup("spikes").openGroup(population).openDataset("timestamps").read(Double.self, atMost: .max)
}

private func spikeNodes(_ path: String, _ population: String) throws -> [UInt64] {
    try HDF5File.open(path: path).rootGroup().openGroup("spikes").openGroup(population).openDataset("node_ids").read(UInt64.self, atMost: .max)
}

@Test func aNetworkRunWritesItsTraceAndSummaryInProcess() throws {
    let directory = try temporaryDirectory()
    let out = directory.appendingPathComponent("t.h5").path
    var options = RunOptions()
    options.out = out
    let file = try NetworkFile.load(path: bench4)
    let summary = try NetworkRun(file: file, label: "bench4", duration: 200, seed: 3, options: options).execute()
    let written = try spikeTimes(out, "excitatory").count + spikeTimes(out, "inhibitory").count
    #expect(summary.spikes > 1000)
    #expect(UInt64(written) == summary.spikes)
    let trace = try TraceSummary.read(path: out)
    #expect(trace.completed == true)
    #expect(trace.span?.end == 200)
    #expect(summary.text.contains("spikes") && summary.text.contains(grouped(summary.spikes)))
}

@Test func aRunRefusesToReplaceAnExistingTraceUnlessForced() throws {
    let directory = try temporaryDirectory()
    let out = directory.appendingPathComponent("existing.h5").path
    try Data("keep me".utf8).write(to: URL(fileURLWithPath: out))
    var options = RunOptions()
    options.out = out
    let file = try NetworkFile.load(path: bench4)
    #expect(throws: InputError(input: out, "already exists; pass --force to replace it")) {
        _ = try NetworkRun(file: file, label: "bench4", duration: 10, seed: 1, options: options)
    }
    #expect(try String(contentsOfFile: out, encoding: .utf8) == "keep me")
    options.force = true
    _ = try NetworkRun(file: file, label: "bench4", duration: 10, seed: 1, options: options).execute()
    #expect(try TraceSummary.read(path: out).completed == true)
}

/// A run stopped at 301.07 ms with a checkpoint and resumed to 600 ms into a
/// new file gives exactly the spikes an uninterrupted run gives after that.
/// The stop time is chosen so that spikes are in flight on both delay lines
/// (at 300 ms there were none, and dropping them went unnoticed).
@Test func aResumedRunContinuesBitForBit() throws {
    let directory = try temporaryDirectory()
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    let file = try NetworkFile.load(path: bench4)
    var straight = RunOptions()
    straight.out = path("straight.h5")
    _ = try NetworkRun(file: file, label: "bench4", duration: 600, seed: 9, options: straight).execute()

    var first = RunOptions()
    first.checkpoint = path("run.checkpoint")
    _ = try NetworkRun(file: file, label: "bench4", duration: 301.07, seed: 9, options: first).execute()
    let saved = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path("run.checkpoint"))))
    let inFlight = ((saved as? [String: Any])?["state"] as? [String: Any])?["inFlight"] as? [[Any]]
    #expect(inFlight?.map(\.count) == [1, 1])
    var second = RunOptions()
    second.out = path("resumed.h5")
    let checkpoint = try Checkpoint.load(path: path("run.checkpoint"))
    #expect(checkpoint.time == 301.07)
    _ = try NetworkRun(checkpoint: checkpoint, path: path("run.checkpoint"), duration: 600, options: second).execute()

    for population in ["excitatory", "inhibitory"] {
        let times = try spikeTimes(path("straight.h5"), population), nodes = try spikeNodes(path("straight.h5"), population)
        let later = times.indices.filter { times[$0] >= 301.07 }
        #expect(later.count > 100)
        #expect(try spikeTimes(path("resumed.h5"), population) == later.map { times[$0] })
        #expect(try spikeNodes(path("resumed.h5"), population) == later.map { nodes[$0] })
    }
}
