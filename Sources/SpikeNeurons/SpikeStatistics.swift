import Foundation

/// Per-node firing statistics accumulated from spikes as they happen, without
/// storing them: spike counts and the mean and variance of inter-spike
/// intervals (Welford's update, numerically stable over millions of spikes).
public final class SpikeStatistics: SpikeSink {
    private var count: [[UInt64]]
    private var lastSpike: [[Double]]
    private var intervalMean: [[Double]]
    private var intervalM2: [[Double]]

    public init(populationSizes: [Int]) {
        count = populationSizes.map { Array(repeating: 0, count: $0) }
        lastSpike = populationSizes.map { Array(repeating: 0, count: $0) }
        intervalMean = populationSizes.map { Array(repeating: 0, count: $0) }
        intervalM2 = populationSizes.map { Array(repeating: 0, count: $0) }
    }

    public func record(time: Double, population: Int, node: UInt64) {
        let i = Int(node)
        let n = count[population][i]
        if n > 0 {
            let interval = time - lastSpike[population][i]
            let delta = interval - intervalMean[population][i]
            intervalMean[population][i] += delta / Double(n)
            intervalM2[population][i] += delta * (interval - intervalMean[population][i])
        }
        count[population][i] = n + 1
        lastSpike[population][i] = time
    }

    /// Spikes recorded from the given populations.
    public func spikeCount(populations: some Sequence<Int>) -> UInt64 {
        populations.reduce(0) { $0 + count[$1].reduce(0, +) }
    }

    /// Mean firing rate (Hz) over all nodes of the populations during `duration` ms.
    public func meanRate(populations: some Sequence<Int>, duration: Double) -> Double {
        let nodes = populations.reduce(0) { $0 + count[$1].count }
        guard nodes > 0, duration > 0 else { return 0 }
        return Double(spikeCount(populations: populations)) / Double(nodes) / (duration / 1000)
    }

    /// Mean over nodes with at least 3 spikes of std(ISI) / mean(ISI), with the
    /// population standard deviation (numpy's default); nil if no node qualifies.
    public func meanISICoefficientOfVariation(populations: some Sequence<Int>) -> Double? {
        var sum = 0.0
        var nodes = 0
        for population in populations {
            for i in count[population].indices where count[population][i] >= 3 {
                let intervals = Double(count[population][i] - 1)
                sum += (intervalM2[population][i] / intervals).squareRoot() / intervalMean[population][i]
                nodes += 1
            }
        }
        return nodes > 0 ? sum / Double(nodes) : nil
    }

    /// The accumulated statistics as plain values (checkpoints).
    public struct State: Sendable, Codable, Equatable {
        var count: [[UInt64]]
        var lastSpike: [[Double]]
        var intervalMean: [[Double]]
        var intervalM2: [[Double]]
    }

    public var state: State {
        State(count: count, lastSpike: lastSpike, intervalMean: intervalMean, intervalM2: intervalM2)
    }

    /// Restores statistics saved for populations of the same sizes.
    public func restore(_ saved: State) throws(NetworkBuildError) {
        let sizes = count.map(\.count)
        guard [saved.count.map(\.count), saved.lastSpike.map(\.count), saved.intervalMean.map(\.count),
               saved.intervalM2.map(\.count)].allSatisfy({ $0 == sizes })
        else { throw NetworkBuildError("saved spike statistics do not match the populations") }
        count = saved.count
        lastSpike = saved.lastSpike
        intervalMean = saved.intervalMean
        intervalM2 = saved.intervalM2
    }
}
