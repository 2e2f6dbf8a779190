/// A timestamped event addressed to one target.
///
/// `time` is in the simulation's time unit (milliseconds for neuron models).
/// `sequence` is the insertion number assigned by the queue; among events at the
/// same time the one inserted first is processed first, which makes runs
/// bit-reproducible whatever the queue's internal layout.
public struct Event: Sendable, Hashable, Codable {
    public var time: Double
    public var sequence: UInt64
    public var target: UInt64

    public init(time: Double, sequence: UInt64, target: UInt64) {
        self.time = time
        self.sequence = sequence
        self.target = target
    }

    /// Processing order: earlier time first, then earlier insertion.
    @inlinable
    public func precedes(_ other: Event) -> Bool {
        time < other.time || (time == other.time && sequence < other.sequence)
    }
}
