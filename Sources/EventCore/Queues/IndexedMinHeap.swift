/// A min-heap with one slot per entity (e.g. one predicted threshold crossing
/// per neuron) whose key can be changed in place.
///
/// When an input moves a neuron's prediction, its entry is sifted up or down
/// from where it is, instead of pushing a new entry and skipping the stale
/// one later (lazy invalidation): in Benchmark 4 nearly every lazily queued
/// entry goes stale (figures in docs/PERFORMANCE.md).
///
/// Order is (key, slot): equal keys pop in increasing slot number, so the
/// order never depends on the history of updates. Keys must not be NaN.
///
/// Layout, chosen by measurement on Benchmark 4 (docs/PERFORMANCE.md):
/// - 4-ary: a key that decreases (an excitatory input) climbs half as many
///   levels as in a binary heap;
/// - keys, slots and positions in three flat arrays, keys alone in heap
///   order: sifting compares keys only (slots break exact ties), so the
///   array touched on every input is 8 bytes per entry and a 3,200-neuron
///   population's keys stay in L1 cache;
/// - 32-bit slots and positions.
public struct IndexedMinHeap: Sendable {
    /// Keys in heap order.
    @usableFromInline var keys: [Double]
    /// `slots[i]` = slot whose key is `keys[i]`.
    @usableFromInline var slots: [Int32]
    /// `position[slot]` = heap index of the slot.
    @usableFromInline var position: [Int32]

    /// A heap over slots `0..<keys.count` with the given initial keys.
    public init(keys initial: [Double]) {
        precondition(!initial.contains { $0.isNaN }, "heap keys must not be NaN")
        precondition(initial.count <= Int(Int32.max), "at most 2^31 - 1 slots")
        keys = initial
        slots = (0..<initial.count).map { Int32($0) }
        position = slots
        heapify()
    }

    public var count: Int { keys.count }
    /// The slot with the smallest key (nil for an empty heap).
    @inlinable public var minSlot: Int? { slots.first.map { Int($0) } }
    /// The smallest key, or +infinity for an empty heap.
    @inlinable public var minKey: Double { keys.first ?? .infinity }

    @inlinable
    public func key(of slot: Int) -> Double { keys[Int(position[slot])] }

    /// Sets a slot's key and restores the heap order by moving only that entry.
    /// - Complexity: O(log(count)).
    @inlinable
    public mutating func setKey(_ key: Double, of slot: Int) {
        withBuffers { heap in
            let index = Int(heap.position[slot])
            let old = heap.keys[index]
            heap.keys[index] = key
            if key < old { heap.siftUp(index) } else if key > old { heap.siftDown(index) }
        }
    }

    /// Adds `delta` to a slot's key.
    @inlinable
    public mutating func addToKey(_ delta: Double, of slot: Int) {
        setKey(key(of: slot) + delta, of: slot)
    }

    /// Adds `delta` to the key of every slot in `slots` for which `accept`
    /// returns true, in order: the same as `addToKey` on each, but the batch
    /// runs on raw buffers, with one uniqueness check per batch instead of
    /// several per slot.
    /// - Complexity: O(targets.count * log(count)).
    @inlinable
    public mutating func addToKeys(
        _ delta: Double, slots targets: UnsafeBufferPointer<UInt32>, where accept: (Int) -> Bool
    ) {
        guard delta != 0 else { return }
        withBuffers { heap in
            for target in targets where accept(Int(target)) {
                let index = Int(heap.position[Int(target)])
                heap.keys[index] += delta
                if delta < 0 { heap.siftUp(index) } else { heap.siftDown(index) }
            }
        }
    }

    /// Applies `transform` to every key; the transform must be strictly
    /// increasing (rounding may still create ties, so the heap is rebuilt).
    public mutating func transformKeys(_ transform: (Double) -> Double) {
        for index in keys.indices { keys[index] = transform(keys[index]) }
        heapify()
    }

    /// All keys by slot (for checkpoints and inspection).
    public var keysBySlot: [Double] {
        var bySlot = [Double](repeating: 0, count: keys.count)
        for (index, slot) in slots.enumerated() { bySlot[Int(slot)] = keys[index] }
        return bySlot
    }

    /// The three arrays as raw buffers, for one batch of operations.
    @usableFromInline
    struct Buffers {
        @usableFromInline let keys: UnsafeMutableBufferPointer<Double>
        @usableFromInline let slots: UnsafeMutableBufferPointer<Int32>
        @usableFromInline let position: UnsafeMutableBufferPointer<Int32>

        @usableFromInline
        init(keys: UnsafeMutableBufferPointer<Double>, slots: UnsafeMutableBufferPointer<Int32>,
             position: UnsafeMutableBufferPointer<Int32>) {
            self.keys = keys
            self.slots = slots
            self.position = position
        }

        /// Whether heap entry `a` comes before entry `b`.
        @inlinable @inline(__always)
        func precedes(_ keyA: Double, _ slotA: Int32, _ b: Int) -> Bool {
            keyA < keys[b] || (keyA == keys[b] && slotA < slots[b])
        }

        @inlinable @inline(__always)
        func siftUp(_ start: Int) {
            var child = start
            let key = keys[child]
            let slot = slots[child]
            while child > 0 {
                let parent = (child - 1) >> 2
                guard precedes(key, slot, parent) else { break }
                keys[child] = keys[parent]
                slots[child] = slots[parent]
                position[Int(slots[child])] = Int32(truncatingIfNeeded: child)
                child = parent
            }
            keys[child] = key
            slots[child] = slot
            position[Int(slot)] = Int32(truncatingIfNeeded: child)
        }

        @inlinable @inline(__always)
        func siftDown(_ start: Int) {
            let count = keys.count
            var parent = start
            let key = keys[parent]
            let slot = slots[parent]
            while true {
                let first = 4 * parent + 1
                if first >= count { break }
                var best = first
                var candidate = first + 1
                let end = min(first + 4, count)
                while candidate < end {
                    if precedes(keys[candidate], slots[candidate], best) { best = candidate }
                    candidate += 1
                }
                guard keys[best] < key || (keys[best] == key && slots[best] < slot) else { break }
                keys[parent] = keys[best]
                slots[parent] = slots[best]
                position[Int(slots[parent])] = Int32(truncatingIfNeeded: parent)
                parent = best
            }
            keys[parent] = key
            slots[parent] = slot
            position[Int(slot)] = Int32(truncatingIfNeeded: parent)
        }
    }

    @inlinable
    mutating func withBuffers<R>(_ body: (Buffers) -> R) -> R {
        keys.withUnsafeMutableBufferPointer { keys in
            slots.withUnsafeMutableBufferPointer { slots in
                position.withUnsafeMutableBufferPointer { position in
                    body(Buffers(keys: keys, slots: slots, position: position))
                }
            }
        }
    }

    private mutating func heapify() {
        guard keys.count > 1 else { return }
        withBuffers { heap in
            for index in stride(from: (heap.keys.count - 2) / 4, through: 0, by: -1) { heap.siftDown(index) }
            for index in heap.slots.indices { heap.position[Int(heap.slots[index])] = Int32(index) }
        }
    }

    /// Checks the heap property and the position index (debug aid and tests).
    public func isValid() -> Bool {
        for index in keys.indices {
            if Int(position[Int(slots[index])]) != index { return false }
            guard index > 0 else { continue }
            let parent = (index - 1) >> 2
            if keys[index] < keys[parent] || (keys[index] == keys[parent] && slots[index] < slots[parent]) { return false }
        }
        return true
    }
}
