/// A first-in first-out queue of spikes in flight along connections that all
/// share one delay.
///
/// Spikes are emitted in time order and the delay is constant, so arrival
/// times leave the line in the order they entered it: a ring buffer replaces
/// a heap, with O(1) push and pop. One entry stands for a whole fan-out (the
/// spike reaches every target of its source in one delivery pass).
///
/// Order: entries leave by (arrival time, source). Spikes emitted at the same
/// time by several sources may be pushed in any order (a neuron population
/// fires its simultaneous crossings in the order of its heap); `push` moves
/// such an entry back past equal-time entries of higher source index, so the
/// order depends only on (time, source), never on who pushed first. That is
/// what makes a run split into partitions deliver exactly as one process.
public struct DelayLine: Sendable {
    /// One spike in flight.
    public struct Entry: Sendable, Hashable, Codable {
        /// Arrival time (emission time + delay).
        public var time: Double
        /// Index of the emitting node within its population.
        public var source: UInt32

        public init(time: Double, source: UInt32) {
            self.time = time
            self.source = source
        }

        /// Delivery order: earlier arrival first, then lower source index.
        @inlinable
        public func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && source < other.source)
        }
    }

    /// The delay added to each emission time.
    public let delay: Double
    @usableFromInline var buffer: [Entry]
    @usableFromInline var head = 0
    @usableFromInline var _count = 0
    public var count: Int { _count }

    public init(delay: Double, initialCapacity: Int = 64) {
        precondition(delay >= 0 && delay.isFinite, "delay must be finite and non-negative")
        self.delay = delay
        buffer = Array(repeating: Entry(time: 0, source: 0), count: max(initialCapacity, 1))
    }

    public var isEmpty: Bool { count == 0 }
    /// The next arrival, if any.
    @inlinable public var first: Entry? { count == 0 ? nil : buffer[head] }
    /// Arrival time of the next spike, or +infinity.
    @inlinable public var firstTime: Double { count == 0 ? .infinity : buffer[head].time }

    /// Enqueues a spike emitted at `emissionTime`, which must not precede the
    /// emission time of any spike already in the line.
    /// - Complexity: O(1), plus one step per equal-time entry of a higher source.
    @inlinable
    public mutating func push(emissionTime: Double, source: UInt32) {
        if count == buffer.count { grow() }
        let entry = Entry(time: emissionTime + delay, source: source)
        var slot = head + count
        if slot >= buffer.count { slot -= buffer.count }
        let last = slot == 0 ? buffer.count - 1 : slot - 1
        if count == 0 || !entry.precedes(buffer[last]) {  // the usual case: already in order
            buffer[slot] = entry
            _count += 1
            return
        }
        var moved = 0
        while moved < count {
            let previous = slot == 0 ? buffer.count - 1 : slot - 1
            guard entry.precedes(buffer[previous]) else { break }
            buffer[slot] = buffer[previous]
            slot = previous
            moved += 1
        }
        buffer[slot] = entry
        _count += 1
    }

    /// Removes the next arrival.
    @inlinable
    @discardableResult
    public mutating func popFirst() -> Entry {
        precondition(count > 0, "popFirst on an empty delay line")
        let entry = buffer[head]
        head += 1
        if head == buffer.count { head = 0 }
        _count -= 1
        return entry
    }

    /// Spikes in flight, earliest first (for checkpoints and inspection).
    public var entries: [Entry] {
        (0..<count).map { buffer[(head + $0) % buffer.count] }
    }

    /// Restores spikes in flight saved by `entries`.
    public mutating func restore(_ saved: [Entry]) {
        buffer = saved + Array(repeating: Entry(time: 0, source: 0), count: max(saved.count, 64))
        head = 0
        _count = saved.count
    }

    @usableFromInline
    mutating func grow() {
        buffer = entries + Array(repeating: Entry(time: 0, source: 0), count: buffer.count)
        head = 0
    }
}
