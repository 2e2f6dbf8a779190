/// A priority queue of `Event`s, popped in (time, insertion sequence) order.
///
/// A 4-ary implicit min-heap in one flat array: a pop-min walks log4(n)
/// levels and the four children of a node are adjacent in memory. Only
/// pop-min is needed, so a min-max heap's extra work is avoided: on the hold
/// model (`spinsim-bench queue`; figures in docs/PERFORMANCE.md) it beats
/// swift-collections' `Heap`. Pushing and popping
/// allocate nothing once the array has grown to its peak size.
public struct EventQueue: Sendable {
    @usableFromInline var heap: [Event] = []
    /// Sequence number given to the next pushed event (64-bit: never wraps in practice).
    public private(set) var nextSequence: UInt64 = 0

    public init(minimumCapacity: Int = 0) {
        heap.reserveCapacity(minimumCapacity)
    }

    /// Rebuilds a queue from saved contents (e.g. a checkpoint); order is recomputed.
    public init(events: [Event], nextSequence: UInt64) {
        precondition(events.allSatisfy { $0.sequence < nextSequence }, "sequence numbers must be below nextSequence")
        self.heap = events
        self.nextSequence = nextSequence
        guard heap.count > 1 else { return }
        for index in stride(from: (heap.count - 2) / 4, through: 0, by: -1) { siftDown(index) }
    }

    public var count: Int { heap.count }
    public var isEmpty: Bool { heap.isEmpty }
    /// The earliest event, if any.
    public var first: Event? { heap.first }
    /// Time of the earliest event, or +infinity when empty.
    public var firstTime: Double { heap.first?.time ?? .infinity }
    /// Pending events in unspecified order (for checkpoints and inspection).
    public var unorderedEvents: [Event] { heap }

    /// Inserts an event at `time` for `target` and returns its sequence number.
    /// - Complexity: O(log(count)).
    @discardableResult
    public mutating func push(time: Double, target: UInt64) -> UInt64 {
        precondition(!time.isNaN, "event time must not be NaN")
        let sequence = nextSequence
        nextSequence &+= 1
        heap.append(Event(time: time, sequence: sequence, target: target))
        siftUp(heap.count - 1)
        return sequence
    }

    /// Removes and returns the earliest event.
    /// - Complexity: O(log(count)).
    public mutating func popFirst() -> Event? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let first = heap[0]
        heap[0] = last
        siftDown(0)
        return first
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        let moving = heap[child]
        while child > 0 {
            let parent = (child - 1) >> 2
            guard moving.precedes(heap[parent]) else { break }
            heap[child] = heap[parent]
            child = parent
        }
        heap[child] = moving
    }

    private mutating func siftDown(_ start: Int) {
        let count = heap.count
        var parent = start
        let moving = heap[parent]
        while true {
            let firstChild = 4 * parent + 1
            if firstChild >= count { break }
            var best = firstChild
            let lastChild = min(firstChild + 3, count - 1)
            var candidate = firstChild + 1
            while candidate <= lastChild {
                if heap[candidate].precedes(heap[best]) { best = candidate }
                candidate += 1
            }
            guard heap[best].precedes(moving) else { break }
            heap[parent] = heap[best]
            parent = best
        }
        heap[parent] = moving
    }

    /// Checks the heap property (debug aid and tests).
    public func isValidHeap() -> Bool {
        for index in 1..<max(heap.count, 1) where heap[index].precedes(heap[(index - 1) >> 2]) {
            return false
        }
        return true
    }
}
