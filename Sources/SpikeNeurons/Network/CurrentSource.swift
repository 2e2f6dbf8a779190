import Diagnostics
import EventCore

/// A current input as an event source of the network: the time of its next
/// change, and the change delivered to its targets held here (see
/// `CurrentWaveform`). Steps and ramps give every target the same change;
/// noise draws each target's next amplitude from the target's own stream,
/// keyed by the target population, the input's rank among the inputs into
/// it, and the node, so a node's current is the same in any partition.
struct CurrentSource: Sendable {
    let population: Int
    /// Target nodes held here, as indices into the part of the population held (increasing).
    let targets: [UInt32]
    private let waveform: CurrentWaveform
    /// Steps and ramps: the change times and changes.
    private let changeTimes: [Double]
    private let changeValues: [SIMD2<Double>]
    /// The next change: index into the changes, or j of the next noise interval.
    private var next = 0
    /// Noise: whether the drop to 0 at `stop` has been delivered.
    private var stopped = false
    /// The changes of one delivery, per target (reused: a delivery allocates nothing).
    private var changes: [SIMD2<Double>]
    /// Noise: per target, the amplitude it has now (pA) and its stream.
    private var amplitudes: [Double]
    private var streams: [Xoshiro256StarStar]

    /// The input's targets among `heldNodes` (population indices of the
    /// nodes held here); `rank` counts the inputs into the same population before it.
    init(_ input: CurrentInputDescription, population: Int, heldNodes: Range<Int>, rank: Int, seed: UInt64) {
        self.population = population
        waveform = input.waveform
        let nodes = input.nodes.map { $0.filter(heldNodes.contains) } ?? Array(heldNodes)
        targets = nodes.map { UInt32($0 - heldNodes.lowerBound) }
        let schedule = input.waveform.changes
        changeTimes = schedule.map(\.time)
        changeValues = schedule.map(\.change)
        changes = Array(repeating: .zero, count: nodes.count)
        if case .noise = input.waveform {
            amplitudes = Array(repeating: 0, count: nodes.count)
            streams = nodes.map { node in
                Xoshiro256StarStar(seed: seed, key: StreamKey("current noise").with(input.target).with(UInt64(rank)).with(UInt64(node)))
            }
        } else {
            amplitudes = []
            streams = []
        }
    }

    /// Time of the next change (ms), +infinity if none (or no target is held here).
    var nextTime: Double {
        if targets.isEmpty { return .infinity }
        guard case let .noise(_, _, interval, start, stop) = waveform else {
            return next < changeTimes.count ? changeTimes[next] : .infinity
        }
        let time = start + Double(next) * interval
        return time < stop ? time : (stopped ? .infinity : stop)
    }

    /// Delivers the next change, at `nextTime`, to the targets.
    mutating func deliver(at time: Double, into populations: inout Populations) {
        if case let .noise(mean, sd, _, _, stop) = waveform {
            let ending = time >= stop
            for k in targets.indices {
                let amplitude = ending ? 0 : mean + sd * streams[k].standardNormal()
                changes[k] = SIMD2(amplitude - amplitudes[k], 0)
                amplitudes[k] = amplitude
            }
            if ending { stopped = true } else { next += 1 }
        } else {
            for k in targets.indices { changes[k] = changeValues[next] }
            next += 1
        }
        targets.withUnsafeBufferPointer { targets in
            changes.withUnsafeBufferPointer { changes in
                populations.receiveCurrent(population, changes: changes, at: time, targets: targets)
            }
        }
    }

    // MARK: Checkpoints

    struct State: Sendable, Codable, Equatable {
        var next: Int
        var stopped: Bool
        var amplitudes: [Double]
        var streams: [Xoshiro256StarStar]
    }

    var state: State { State(next: next, stopped: stopped, amplitudes: amplitudes, streams: streams) }

    mutating func restore(_ saved: State) throws(InputError) {
        let noise: Bool
        if case .noise = waveform { noise = true } else { noise = false }
        guard saved.next >= 0, noise || saved.next <= changeTimes.count,
              saved.amplitudes.count == amplitudes.count, saved.streams.count == streams.count,
              saved.amplitudes.allSatisfy(\.isFinite)
        else { throw InputError(message: "the saved state of a current input does not match it") }
        next = saved.next
        stopped = saved.stopped
        amplitudes = saved.amplitudes
        streams = saved.streams
    }
}
