import EventCore
import Foundation
import Diagnostics

/// Per-node firing statistics accumulated from spikes as they happen, without
/// storing them: spike counts and the mean and variance of inter-spike
/// intervals (Welford's update, numerically stable over millions of spikes).
///
/// One 32-byte record per node in one raw allocation (indexed by population
/// offset + node), so a spike touches one cache line and pays no
/// copy-on-write or exclusivity check (with arrays the statistics were a
/// large part of a 40,000-neuron run: docs/PERFORMANCE.md).
public final class SpikeStatistics: SpikeSink {
    private struct Node {
        var count: UInt64 = 0
        var lastSpike = 0.0
        var intervalMean = 0.0
        var intervalM2 = 0.0
    }

    private let offsets: [Int]
    private let nodes: UnsafeMutableBufferPointer<Node>

    public init(populationSizes: [Int]) {
        var offsets = [0]
        for size in populationSizes { offsets.append(offsets[offsets.count - 1] + size) }
        self.offsets = offsets
        nodes = .allocate(capacity: offsets[offsets.count - 1])
        nodes.initialize(repeating: Node())
    }

    deinit { nodes.deallocate() }

    public func record(time: Double, population: Int, node: UInt64) {
        let i = offsets[population] + Int(node)
        precondition(i < offsets[population + 1], "node outside its population")
        let n = nodes[i].count
        if n > 0 {
            let interval = time - nodes[i].lastSpike
            let delta = interval - nodes[i].intervalMean
            let mean = nodes[i].intervalMean + delta / Double(n)
            nodes[i].intervalMean = mean
            nodes[i].intervalM2 += delta * (interval - mean)
        }
        nodes[i].count = n + 1
        nodes[i].lastSpike = time
    }

    private func range(of population: Int) -> Range<Int> { offsets[population]..<offsets[population + 1] }

    /// Spikes recorded from the given populations.
    public func spikeCount(populations: some Sequence<Int>) -> UInt64 {
        populations.reduce(0) { total, population in range(of: population).reduce(total) { $0 + nodes[$1].count } }
    }

    /// Mean firing rate (Hz) over all nodes of the populations during `duration` ms.
    public func meanRate(populations: some Sequence<Int>, duration: Double) -> Double {
        let nodeCount = populations.reduce(0) { $0 + range(of: $1).count }
        guard nodeCount > 0, duration > 0 else { return 0 }
        return Double(spikeCount(populations: populations)) / Double(nodeCount) / (duration / 1000)
    }

    /// Mean over nodes with at least 3 spikes of std(ISI) / mean(ISI), with the
    /// population standard deviation (numpy's default); nil if no node qualifies.
    public func meanISICoefficientOfVariation(populations: some Sequence<Int>) -> Double? {
        var sum = 0.0
        var qualifying = 0
        for population in populations {
            for node in nodes[range(of: population)] where node.count >= 3 {
                sum += (node.intervalM2 / Double(node.count - 1)).squareRoot() / node.intervalMean
                qualifying += 1
            }
        }
        return qualifying > 0 ? sum / Double(qualifying) : nil
    }

    /// The accumulated statistics as plain values (checkpoints).
    public struct State: Sendable, Codable, Equatable {
        var count: [UInt64]
        var lastSpike: [Double]
        var intervalMean: [Double]
        var intervalM2: [Double]
    }

    public var state: State {
        State(count: nodes.map(\.count), lastSpike: nodes.map(\.lastSpike), intervalMean: nodes.map(\.intervalMean),
              intervalM2: nodes.map(\.intervalM2))
    }

    /// Restores statistics saved for populations of the same sizes.
    public func restore(_ saved: State) throws(InputError) {
        let total = nodes.count
        guard [saved.count.count, saved.lastSpike.count, saved.intervalMean.count, saved.intervalM2.count]
            .allSatisfy({ $0 == total })
        else { throw InputError("saved spike statistics do not match the populations") }
        for i in 0..<total {
            nodes[i] = Node(count: saved.count[i], lastSpike: saved.lastSpike[i], intervalMean: saved.intervalMean[i],
                            intervalM2: saved.intervalM2[i])
        }
    }
}
