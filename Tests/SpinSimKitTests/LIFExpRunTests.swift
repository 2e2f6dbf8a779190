import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

private let cuba = repository.appendingPathComponent("examples/cuba.toml").path

private func spikes(_ path: String, _ population: String) throws -> (times: [Double], nodes: [UInt64]) {
    let group = try HDF5File.open(path: path).rootGroup().openGroup("spikes").openGroup(population)
    return (try group.openDataset("timestamps").read(Double.self, atMost: .max), try group.openDataset("node_ids").read(UInt64.self, atMost: .max))
}

/// CUBA (lif_exp) to 1,300 ms, past the first rebasing step (1,000 ms):
/// stopped at 700.3 ms with a checkpoint and resumed, and run in 2 parts,
/// it writes the spikes of the straight run bit for bit.
@Test func cubaResumesAndRunsInPartsBitForBit() throws {
    let directory = try temporaryDirectory()
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    let file = try NetworkFile.load(path: cuba)
    var straight = RunOptions()
    straight.out = path("straight.h5")
    _ = try NetworkRun(file: file, label: "cuba", duration: 1300, seed: 4, options: straight).execute()
    var first = RunOptions()
    first.out = path("first.h5")
    first.checkpoint = path("run.checkpoint")
    _ = try NetworkRun(file: file, label: "cuba", duration: 700.3, seed: 4, options: first).execute()
    var second = RunOptions()
    second.out = path("resumed.h5")
    _ = try NetworkRun(checkpoint: try Checkpoint.load(path: path("run.checkpoint")), path: path("run.checkpoint"),
                       duration: 1300, options: second).execute()
    var parts = RunOptions()
    parts.out = path("parts.h5")
    parts.threads = 2
    _ = try NetworkRun(file: file, label: "cuba", duration: 1300, seed: 4, options: parts).execute()
    for population in ["excitatory", "inhibitory"] {
        let all = try spikes(path("straight.h5"), population)
        let later = all.times.indices.filter { all.times[$0] >= 700.3 }
        #expect(later.count > 1000 && all.times.contains { $0 > 1000 })
        let resumed = try spikes(path("resumed.h5"), population)
        #expect(resumed.times.map(\.bitPattern) == later.map { all.times[$0].bitPattern })
        #expect(resumed.nodes == later.map { all.nodes[$0] })
        let parted = try spikes(path("parts.h5"), population)
        #expect(parted.times.map(\.bitPattern) == all.times.map(\.bitPattern) && parted.nodes == all.nodes)
    }
}
