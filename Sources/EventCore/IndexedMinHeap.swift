/// A min-heap with one slot per entity (e.g. one predicted threshold crossing
/// per neuron) whose key can be changed in place.
///
/// When an input moves a neuron's prediction, its entry is sifted up or down
/// from where it is, instead of pushing a new entry and skipping the stale
/// one later (lazy invalidation): in Benchmark 4 about 98 % of lazily queued
/// entries go stale, which made that scheme several times slower.
///
/// Order is (key, slot): equal keys pop in increasing slot number, so the
/// order never depends on the history of updates. Keys must not be NaN.
///
/// The heap is 4-ary: a key that decreases (an excitatory input) climbs half
/// as many levels as in a binary heap. On Benchmark 4 this took the
/// simulation from 0.47 s to 0.40 s (same spikes).
public struct IndexedMinHeap: Sendable {
    /// Heap array of (key, slot) pairs; keys sit next to slots so that sifting
    /// reads one cache line per comparison.
    @usableFromInline var entries: [Entry]
    /// `position[slot]` = index of the slot's entry in `entries`; 32-bit to
    /// keep the per-slot index small enough for large populations to stay in cache.
    @usableFromInline var position: [Int32]

    public struct Entry: Sendable, Hashable {
        public var key: Double
        public var slot: Int

        @inlinable
        func precedes(_ other: Entry) -> Bool {
            key < other.key || (key == other.key && slot < other.slot)
        }
    }

    /// A heap over slots `0..<keys.count` with the given initial keys.
    public init(keys: [Double]) {
        precondition(!keys.contains { $0.isNaN }, "heap keys must not be NaN")
        precondition(keys.count <= Int(Int32.max), "at most 2^31 - 1 slots")
        entries = keys.enumerated().map { Entry(key: $0.element, slot: $0.offset) }
        position = (0..<keys.count).map { Int32($0) }
        heapify()
    }

    public var count: Int { entries.count }
    /// The slot with the smallest key (nil for an empty heap).
    @inlinable public var minSlot: Int? { entries.first?.slot }
    /// The smallest key, or +infinity for an empty heap.
    @inlinable public var minKey: Double { entries.first?.key ?? .infinity }

    @inlinable
    public func key(of slot: Int) -> Double { entries[Int(position[slot])].key }

    /// Sets a slot's key and restores the heap order by moving only that entry.
    @inlinable
    public mutating func setKey(_ key: Double, of slot: Int) {
        let index = Int(position[slot])
        let old = entries[index].key
        entries[index].key = key
        if key < old { siftUp(index) } else if key > old { siftDown(index) }
    }

    /// Adds `delta` to a slot's key (one index lookup instead of two).
    @inlinable
    public mutating func addToKey(_ delta: Double, of slot: Int) {
        let index = Int(position[slot])
        entries[index].key += delta
        if delta < 0 { siftUp(index) } else if delta > 0 { siftDown(index) }
    }

    /// Adds `delta` to the key of every slot in `slots` for which `accept`
    /// returns true, in order: the same as `addToKey` on each, but the batch
    /// runs on raw buffers, with one uniqueness check per batch instead of
    /// several per slot (this halved Benchmark 4's simulation time).
    @inlinable
    public mutating func addToKeys(
        _ delta: Double, slots: UnsafeBufferPointer<UInt32>, where accept: (Int) -> Bool
    ) {
        guard delta != 0 else { return }
        entries.withUnsafeMutableBufferPointer { entries in
            position.withUnsafeMutableBufferPointer { position in
                for target in slots where accept(Int(target)) {
                    let index = Int(position[Int(target)])
                    entries[index].key += delta
                    if delta < 0 {
                        Self.siftUp(index, entries, position)
                    } else {
                        Self.siftDown(index, entries, position)
                    }
                }
            }
        }
    }

    @inlinable
    static func siftUp(_ start: Int, _ entries: UnsafeMutableBufferPointer<Entry>, _ position: UnsafeMutableBufferPointer<Int32>) {
        var child = start
        let moving = entries[child]
        while child > 0 {
            let parent = (child - 1) >> 2
            let above = entries[parent]
            guard moving.precedes(above) else { break }
            entries[child] = above
            position[above.slot] = Int32(truncatingIfNeeded: child)
            child = parent
        }
        entries[child] = moving
        position[moving.slot] = Int32(truncatingIfNeeded: child)
    }

    @inlinable
    static func siftDown(_ start: Int, _ entries: UnsafeMutableBufferPointer<Entry>, _ position: UnsafeMutableBufferPointer<Int32>) {
        let count = entries.count
        var parent = start
        let moving = entries[parent]
        while true {
            let first = 4 * parent + 1
            if first >= count { break }
            var best = first
            var candidate = first + 1
            let end = min(first + 4, count)
            while candidate < end {
                if entries[candidate].precedes(entries[best]) { best = candidate }
                candidate += 1
            }
            let below = entries[best]
            guard below.precedes(moving) else { break }
            entries[parent] = below
            position[below.slot] = Int32(truncatingIfNeeded: parent)
            parent = best
        }
        entries[parent] = moving
        position[moving.slot] = Int32(truncatingIfNeeded: parent)
    }

    /// Applies `transform` to every key; the transform must be strictly
    /// increasing (rounding may still create ties, so the heap is rebuilt).
    public mutating func transformKeys(_ transform: (Double) -> Double) {
        for index in entries.indices { entries[index].key = transform(entries[index].key) }
        heapify()
    }

    /// All keys by slot (for checkpoints and inspection).
    public var keysBySlot: [Double] {
        var keys = [Double](repeating: 0, count: entries.count)
        for entry in entries { keys[entry.slot] = entry.key }
        return keys
    }

    @usableFromInline
    mutating func siftUp(_ start: Int) {
        entries.withUnsafeMutableBufferPointer { entries in
            position.withUnsafeMutableBufferPointer { Self.siftUp(start, entries, $0) }
        }
    }

    @usableFromInline
    mutating func siftDown(_ start: Int) {
        entries.withUnsafeMutableBufferPointer { entries in
            position.withUnsafeMutableBufferPointer { Self.siftDown(start, entries, $0) }
        }
    }

    private mutating func heapify() {
        for index in stride(from: (entries.count - 2) / 4, through: 0, by: -1) { siftDown(index) }
        for (index, entry) in entries.enumerated() { position[entry.slot] = Int32(index) }
    }

    /// Checks the heap property and the position index (debug aid and tests).
    public func isValid() -> Bool {
        for (index, entry) in entries.enumerated() {
            if Int(position[entry.slot]) != index { return false }
            if index > 0 && entry.precedes(entries[(index - 1) >> 2]) { return false }
        }
        return true
    }
}
