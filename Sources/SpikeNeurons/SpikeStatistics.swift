import Foundation

/// Per-node firing statistics accumulated from spikes as they happen, without
/// storing them: spike counts and the mean and variance of inter-spike
/// intervals (Welford's update, numerically stable over millions of spikes).
///
/// One flat array per quantity, indexed by population offset + node, so a
/// spike costs one bounds-checked access per quantity.
public final class SpikeStatistics: SpikeSink {
    private let offsets: [Int]
    private var count: [UInt64]
    private var lastSpike: [Double]
    private var intervalMean: [Double]
    private var intervalM2: [Double]

    public init(populationSizes: [Int]) {
        var offsets = [0]
        for size in populationSizes { offsets.append(offsets[offsets.count - 1] + size) }
        self.offsets = offsets
        let total = offsets[offsets.count - 1]
        count = Array(repeating: 0, count: total)
        lastSpike = Array(repeating: 0, count: total)
        intervalMean = Array(repeating: 0, count: total)
        intervalM2 = Array(repeating: 0, count: total)
    }

    public func record(time: Double, population: Int, node: UInt64) {
        let i = offsets[population] + Int(node)
        let n = count[i]
        if n > 0 {
            let interval = time - lastSpike[i]
            let delta = interval - intervalMean[i]
            let mean = intervalMean[i] + delta / Double(n)
            intervalMean[i] = mean
            intervalM2[i] += delta * (interval - mean)
        }
        count[i] = n + 1
        lastSpike[i] = time
    }

    private func nodes(of population: Int) -> Range<Int> { offsets[population]..<offsets[population + 1] }

    /// Spikes recorded from the given populations.
    public func spikeCount(populations: some Sequence<Int>) -> UInt64 {
        populations.reduce(0) { total, population in nodes(of: population).reduce(total) { $0 + count[$1] } }
    }

    /// Mean firing rate (Hz) over all nodes of the populations during `duration` ms.
    public func meanRate(populations: some Sequence<Int>, duration: Double) -> Double {
        let nodeCount = populations.reduce(0) { $0 + nodes(of: $1).count }
        guard nodeCount > 0, duration > 0 else { return 0 }
        return Double(spikeCount(populations: populations)) / Double(nodeCount) / (duration / 1000)
    }

    /// Mean over nodes with at least 3 spikes of std(ISI) / mean(ISI), with the
    /// population standard deviation (numpy's default); nil if no node qualifies.
    public func meanISICoefficientOfVariation(populations: some Sequence<Int>) -> Double? {
        var sum = 0.0
        var qualifying = 0
        for population in populations {
            for i in nodes(of: population) where count[i] >= 3 {
                let intervals = Double(count[i] - 1)
                sum += (intervalM2[i] / intervals).squareRoot() / intervalMean[i]
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
        State(count: count, lastSpike: lastSpike, intervalMean: intervalMean, intervalM2: intervalM2)
    }

    /// Restores statistics saved for populations of the same sizes.
    public func restore(_ saved: State) throws(NetworkBuildError) {
        let total = count.count
        guard [saved.count.count, saved.lastSpike.count, saved.intervalMean.count, saved.intervalM2.count]
            .allSatisfy({ $0 == total })
        else { throw NetworkBuildError("saved spike statistics do not match the populations") }
        count = saved.count
        lastSpike = saved.lastSpike
        intervalMean = saved.intervalMean
        intervalM2 = saved.intervalM2
    }
}
