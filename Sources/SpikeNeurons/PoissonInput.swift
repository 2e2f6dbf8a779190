import EventCore
import Diagnostics

/// Independent Poisson spike sources, exact in continuous time: each node's
/// inter-spike intervals are exponential with mean 1000 / rate ms, drawn from
/// the population's own random stream.
public struct PoissonInput: Sendable {
    /// Rate of every node (Hz).
    public let rate: Double
    public let size: Int
    private var pending: EventQueue
    private var random: Xoshiro256StarStar

    public init(size: Int, rate: Double, random: Xoshiro256StarStar, startTime: Double = 0) {
        precondition(rate >= 0 && rate.isFinite, "Poisson rate must be finite and non-negative")
        self.rate = rate
        self.size = size
        self.random = random
        pending = EventQueue(minimumCapacity: size)
        guard rate > 0 else { return }
        for node in 0..<size {
            pending.push(time: startTime + self.random.exponential(mean: 1000 / rate), target: UInt64(node))
        }
    }

    /// Time of the next spike (ms), +infinity if none.
    public var nextSpikeTime: Double { pending.firstTime }

    /// Emits the next spike and draws that node's following one; returns the node.
    public mutating func fire() -> Int {
        guard let event = pending.popFirst() else { preconditionFailure("fire() with no pending spike") }
        pending.push(time: event.time + random.exponential(mean: 1000 / rate), target: event.target)
        return Int(event.target)
    }

    /// Pending spikes and the random stream (checkpoints).
    public struct State: Sendable, Codable, Equatable {
        var pending: [Event]
        var nextSequence: UInt64
        var random: Xoshiro256StarStar
    }

    public var state: State {
        State(pending: pending.unorderedEvents, nextSequence: pending.nextSequence, random: random)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.pending.allSatisfy({ $0.target < UInt64(size) && $0.sequence < saved.nextSequence && !$0.time.isNaN })
        else { throw InputError("saved Poisson state does not match a population of \(size) nodes") }
        pending = EventQueue(events: saved.pending, nextSequence: saved.nextSequence)
        random = saved.random
    }
}
