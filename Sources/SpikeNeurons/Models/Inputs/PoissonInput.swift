import Diagnostics
import EventCore

/// Independent Poisson spike sources, exact in continuous time: each node's
/// inter-spike intervals are exponential with mean 1000 / rate ms, drawn from
/// the node's own random stream (keyed by the population's name and the
/// node), so a node spikes at the same times whichever partition holds it.
public struct PoissonInput: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "poisson",
        summary: "independent Poisson spike sources (an input: cannot be a projection's target)",
        equations: ["inter-spike intervals ~ Exponential(mean 1 / rate), independent per node"],
        // At most 1 MHz: a spike per microsecond per node is beyond any neuron's
        // input, and far faster rates only stall the clock (an edited 4.6e18 Hz did).
        parameters: [ParameterSpec("rate", .frequency, bounds: Bounds(lower: 0, upper: 1e6), "firing rate of every node")],
        variables: [],
        weightDimension: nil)

    /// Rate of every node (Hz).
    public let rate: Double
    public let size: Int
    /// Next spike time per node, in a heap (ties by node index).
    private var pending: IndexedMinHeap
    private var streams: [Xoshiro256StarStar]

    public init(parameters: ParameterValues, context: PopulationContext) {
        rate = parameters.scalar("rate")
        size = context.nodes.count
        var streams = context.nodes.map { context.random("poisson", node: $0) }
        let meanInterval = 1000 / rate
        let start = context.startTime
        let firstSpikes = (0..<streams.count).map { node in
            meanInterval.isFinite ? start + streams[node].exponential(mean: meanInterval) : .infinity
        }
        self.streams = streams
        pending = IndexedMinHeap(keys: firstSpikes)
    }

    /// Time of the next spike (ms), +infinity if none.
    public func nextEmissionTime() -> Double { pending.minKey }

    /// Emits the next spike and draws that node's following one.
    public mutating func emit(at time: Double) -> Int {
        guard let node = pending.minSlot else { preconditionFailure("emit() with no pending spike") }
        let interval = streams[node].exponential(mean: 1000 / rate)
        pending.setKey(pending.minKey + interval, of: node)
        return node
    }

    public struct State: Sendable, Codable, Equatable {
        var nextSpikes: [Double]
        var streams: [Xoshiro256StarStar]
    }

    public var state: State { State(nextSpikes: pending.keysBySlot, streams: streams) }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard saved.nextSpikes.count == size, saved.streams.count == size, !saved.nextSpikes.contains(where: \.isNaN) else {
            throw InputError(message: "saved Poisson state does not match a population of \(size) nodes")
        }
        pending = IndexedMinHeap(keys: saved.nextSpikes)
        streams = saved.streams
    }
}

extension PopulationDescription {
    /// `size` independent Poisson sources at `rate` Hz each.
    public static func poisson(_ name: String, size: Int, rate: Double) -> PopulationDescription {
        PopulationDescription(name: name, size: size, model: .poisson, parameters: ParameterValues(["rate": .scalar(rate)]))
    }
}
