import Foundation

/// A spike between partitions of a network: when, and which cell (global id).
public struct Spike: Sendable, Hashable, Codable {
    /// Emission time, in the model's time unit.
    public var time: Double
    /// Global 64-bit id of the emitting cell.
    public var gid: UInt64

    public init(time: Double, gid: UInt64) {
        self.time = time
        self.gid = gid
    }

    /// The order every part delivers spikes in: time, then source id. It
    /// depends on nothing a partition changes.
    @inlinable
    public func precedes(_ other: Spike) -> Bool {
        time < other.time || (time == other.time && gid < other.gid)
    }
}

/// How the parts of a partitioned network share their spikes (NEST's one
/// `send()` seam, Arbor's spike exchange): each part simulates a window of
/// simulated time no longer than the smallest connection delay, then hands
/// the spikes its cells emitted in that window to `exchange` and gets every
/// part's spikes of the window back. No spike can arrive within the window
/// it was emitted in, so nothing is late. An MPI implementation is an
/// `MPI_Allgatherv` of the same arrays.
public protocol SpikeExchange: Sendable {
    /// Number of parts taking part.
    var partCount: Int { get }
    /// A collective call: every part calls it once per window. Returns the
    /// spikes of all parts in (time, gid) order.
    func exchange(_ outgoing: [Spike], fromPart part: Int) -> [Spike]
}

/// Parts running in threads of one process: `exchange` waits until every
/// part has contributed its window, like a barrier.
public final class InProcessExchange: SpikeExchange, @unchecked Sendable {
    public let partCount: Int
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var deposits: [[Spike]]
    private var arrived = 0
    private var generation: UInt64 = 0
    private var merged: [Spike] = []

    public init(partCount: Int) {
        precondition(partCount > 0, "at least one part")
        self.partCount = partCount
        deposits = Array(repeating: [], count: partCount)
    }

    public func exchange(_ outgoing: [Spike], fromPart part: Int) -> [Spike] {
        condition.lock()
        defer { condition.unlock() }
        deposits[part] = outgoing
        arrived += 1
        let window = generation
        if arrived == partCount {
            merged = deposits.flatMap { $0 }.sorted { $0.precedes($1) }
            arrived = 0
            generation += 1
            condition.broadcast()
        } else {
            // A part cannot start the next window before every part has read
            // this one's result (that needs all parts to arrive again).
            while generation == window { condition.wait() }
        }
        return merged
    }
}
