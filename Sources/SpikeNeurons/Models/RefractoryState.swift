import Diagnostics
import EventCore

/// Which neurons of a population are refractory (they ignore inputs and
/// hold V_reset), for populations whose refractory period is one constant.
///
/// One bit per neuron keeps the check in L1 cache even for large
/// populations. Neurons leave in the order they fired (entry time = release
/// time), so a FIFO `DelayLine` replaces a heap of release times.
struct RefractoryState: Sendable {
    private var bits: [UInt64]
    private var releases: DelayLine

    init(size: Int, period: Double) {
        bits = Array(repeating: 0, count: (size + 63) / 64)
        releases = DelayLine(delay: period)
    }

    /// Ends the refractory period of every neuron released at or before `time`.
    @inline(__always)
    mutating func release(upTo time: Double) {
        while releases.firstTime <= time {
            let node = Int(releases.popFirst().source)
            bits[node >> 6] &= ~(1 << UInt64(node & 63))
        }
    }

    /// Makes `node` refractory from `time` for one period (nothing for a zero period).
    mutating func enter(_ node: Int, at time: Double) {
        guard releases.delay > 0 else { return }
        bits[node >> 6] |= 1 << UInt64(node & 63)
        releases.push(emissionTime: time, source: UInt32(node))
    }

    /// Whether a neuron ignores inputs (as of the last release).
    @inline(__always)
    func contains(_ node: Int) -> Bool {
        bits[node >> 6] & (1 << UInt64(node & 63)) != 0
    }

    /// Adds `delta` to the keys of the `targets` that are not refractory, in
    /// one batch over raw storage. The heap is passed in, not reached through
    /// a closure that captures the population: that made Swift copy this
    /// state (two retains and releases) for every incoming spike.
    @inline(__always)
    func addToKeys(_ delta: Double, of targets: UnsafeBufferPointer<UInt32>, in heap: inout IndexedMinHeap) {
        bits.withUnsafeBufferPointer { bits in
            heap.addToKeys(delta, slots: targets) { node in bits[node >> 6] & (1 << UInt64(node & 63)) == 0 }
        }
    }

    struct State: Sendable, Codable, Equatable {
        var bits: [UInt64]
        var releases: [DelayLine.Entry]
    }

    var state: State { State(bits: bits, releases: releases.entries) }

    mutating func restore(_ saved: State, size: Int) throws(InputError) {
        guard saved.bits.count == bits.count, saved.releases.allSatisfy({ Int($0.source) < size && !$0.time.isNaN }) else {
            throw InputError(message: "saved refractory state does not match a population of \(size) neurons")
        }
        bits = saved.bits
        releases.restore(saved.releases)
    }
}
