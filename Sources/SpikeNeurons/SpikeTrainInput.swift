import Diagnostics
/// Nodes that spike at given times (e.g. the input neurons of a
/// spike-timing task). Simultaneous spikes are emitted in node order.
public struct SpikeTrainInput: Sendable {
    public let size: Int
    /// All spikes as (time ms, node), sorted by time then node.
    private let spikes: [(time: Double, node: Int)]
    private var cursor = 0

    /// `spikeTimes[i]` lists node i's spike times (ms) in any order.
    public init(spikeTimes: [[Double]], startTime: Double = 0) {
        precondition(spikeTimes.allSatisfy { $0.allSatisfy(\.isFinite) }, "spike times must be finite")
        size = spikeTimes.count
        spikes = spikeTimes.enumerated()
            .flatMap { node, times in times.map { (time: $0, node: node) } }
            .filter { $0.time >= startTime }
            .sorted { ($0.time, $0.node) < ($1.time, $1.node) }
    }

    public var nextSpikeTime: Double { cursor < spikes.count ? spikes[cursor].time : .infinity }

    public mutating func fire() -> Int {
        precondition(cursor < spikes.count, "fire() with no pending spike")
        defer { cursor += 1 }
        return spikes[cursor].node
    }

    /// Spikes already emitted (checkpoints; the times come from the description).
    public var emittedCount: Int { cursor }

    public mutating func restore(emittedCount: Int) throws(InputError) {
        guard (0...spikes.count).contains(emittedCount) else {
            throw InputError("saved spike-train position \(emittedCount) is outside 0...\(spikes.count)")
        }
        cursor = emittedCount
    }
}
