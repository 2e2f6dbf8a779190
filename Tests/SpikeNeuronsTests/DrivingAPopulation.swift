@testable import SpikeNeurons

/// Driving a population by hand, as the network would: one input at a time,
/// and every spike up to a time.
extension EventDrivenPopulation {
    mutating func input(_ weight: Double, at time: Double, node: UInt32 = 0) {
        [node].withUnsafeBufferPointer { receive(weight: weight, at: time, targets: $0) }
    }

    /// Emits every spike before `end`, with the times.
    mutating func spikes(until end: Double) -> [(time: Double, node: Int)] {
        var result: [(Double, Int)] = []
        while nextEmissionTime() < end {
            let time = nextEmissionTime()
            result.append((time, emit(at: time)))
        }
        return result
    }
}

extension EventDrivenPopulation {
    /// A current input into one node: from `time` on its current changes by change.x + change.y (t - time).
    mutating func inject(_ change: SIMD2<Double>, at time: Double, node: UInt32 = 0) {
        [node].withUnsafeBufferPointer { targets in
            [change].withUnsafeBufferPointer { receiveCurrent(changes: $0, at: time, targets: targets) }
        }
    }
}
