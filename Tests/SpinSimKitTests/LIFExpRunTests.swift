import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

private let cuba = repository.appendingPathComponent("examples/cuba.toml").path

/// CUBA (lif_exp) to 1,300 ms, past the first rebasing step (1,000 ms):
/// stopped at 700.3 ms with a checkpoint and resumed, and run in 2 parts,
/// it writes the spikes of the straight run bit for bit.
@Test func cubaResumesAndRunsInPartsBitForBit() throws {
    let straight = try expectStraightResumedAndPartedRunsAgree(try NetworkFile.load(path: cuba), duration: 1300, stop: 700.3, seed: 4,
                                                               populations: ["excitatory", "inhibitory"])
    for population in ["excitatory", "inhibitory"] {
        let all = try spikes(straight, population)
        #expect(all.times.filter { $0 >= 700.3 }.count > 1000 && all.times.contains { $0 > 1000 })
    }
}
