import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

/// A population's spikes in a trace: times (ms) and node ids, in file order.
func spikes(_ path: String, _ population: String) throws -> (times: [Double], nodes: [UInt64]) {
    let group = try HDF5File.open(path: path).rootGroup().openGroup("spikes").openGroup(population)
    return (try group.openDataset("timestamps").read(Double.self, atMost: .max), try group.openDataset("node_ids").read(UInt64.self, atMost: .max))
}

/// Runs `file` to `duration` three ways: straight, stopped at `stop` with a
/// checkpoint and resumed, and in 2 parts; expects the resumed and parted
/// runs to write the straight run's spikes of `populations` bit for bit,
/// and returns the straight trace's path.
func expectStraightResumedAndPartedRunsAgree(_ file: NetworkFile, duration: Double, stop: Double, seed: UInt64,
                                             populations: [String]) throws -> String {
    let directory = try temporaryDirectory()
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    func run(_ out: String, until end: Double, checkpoint: String? = nil, threads: Int? = nil) throws {
        var options = RunOptions()
        options.out = path(out)
        options.checkpoint = checkpoint.map(path)
        if let threads { options.threads = threads }
        _ = try NetworkRun(file: file, label: "test", duration: end, seed: seed, options: options).execute()
    }
    try run("straight.h5", until: duration)
    try run("first.h5", until: stop, checkpoint: "run.checkpoint")
    var resumed = RunOptions()
    resumed.out = path("resumed.h5")
    _ = try NetworkRun(checkpoint: try Checkpoint.load(path: path("run.checkpoint")), path: path("run.checkpoint"),
                       duration: duration, options: resumed).execute()
    try run("parts.h5", until: duration, threads: 2)
    for population in populations {
        let all = try spikes(path("straight.h5"), population)
        let later = all.times.indices.filter { all.times[$0] >= stop }
        #expect(!later.isEmpty, "\(population) has no spikes after the stop")
        let again = try spikes(path("resumed.h5"), population)
        #expect(again.times.map(\.bitPattern) == later.map { all.times[$0].bitPattern }, "\(population) resumed")
        #expect(again.nodes == later.map { all.nodes[$0] }, "\(population) resumed")
        let parted = try spikes(path("parts.h5"), population)
        #expect(parted.times.map(\.bitPattern) == all.times.map(\.bitPattern) && parted.nodes == all.nodes, "\(population) in parts")
    }
    return path("straight.h5")
}
