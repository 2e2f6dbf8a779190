import Diagnostics
import EventCore

/// Independent Poisson spike sources, exact in continuous time, at a rate
/// that may change in steps (`rate` is one value or a schedule
/// `{ times = [...], values = [...] }`), spiking only in [start, stop); see
/// `RateSchedule` for how the spikes are drawn. Every draw comes from the
/// node's own stream (keyed by the population's name and the node), so a
/// node spikes at the same times whichever partition holds it; its next
/// spike time and stream are all its state (the segment follows from the time).
public struct PoissonInput: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "poisson",
        summary: "independent Poisson spike sources (an input: cannot be a projection's target)",
        equations: ["inter-spike intervals ~ Exponential(mean 1 / rate(t)), independent per node",
                    "rate(t) = values[k] for times[k] <= t < times[k + 1] (a schedule) or one rate; spikes only in [start, stop)"],
        // At most 1 MHz: a spike per microsecond per node is beyond any neuron's
        // input, and far faster rates only stall the clock (an edited 4.6e18 Hz did).
        parameters: [
            ParameterSpec("rate", .frequency, kind: .schedule, bounds: Bounds(lower: 0, upper: 1e6),
                          "firing rate of every node; times from 0 ms, increasing"),
            ParameterSpec("start", .time, default: .scalar(0), bounds: .nonNegative, "first time a node may spike"),
            ParameterSpec("stop", .time, optional: true, bounds: .nonNegative, "no spike at or after it (none: never stops)"),
        ],
        variables: [],
        weightDimension: nil,
        constraints: [
            ModelSchema.Constraint(parameter: "stop", message: "must be after start") { values in
                guard let stop = values.optionalScalar("stop") else { return true }
                return stop > values.scalar("start")
            },
        ])

    private let schedule: RateSchedule
    public let size: Int
    /// Next spike time per node, in a heap (ties by node index).
    private var pending: IndexedMinHeap
    private var streams: [Xoshiro256StarStar]

    public init(parameters: ParameterValues, context: PopulationContext) {
        let (times, rates) = parameters.schedule("rate")
        let schedule = RateSchedule(segmentStarts: times, rates: rates, start: parameters.scalar("start"),
                                    stop: parameters.optionalScalar("stop") ?? .infinity)
        var streams = context.nodes.map { context.random("poisson", node: $0) }
        let from = max(schedule.start, context.startTime)
        pending = IndexedMinHeap(keys: streams.indices.map { schedule.nextSpike(after: from, &streams[$0]) })
        self.schedule = schedule
        self.streams = streams
        size = context.nodes.count
    }

    /// Time of the next spike (ms), +infinity if none.
    public func nextEmissionTime() -> Double { pending.minKey }

    /// Emits the next spike and draws that node's following one.
    public mutating func emit(at time: Double) -> Int {
        guard let node = pending.minSlot else { preconditionFailure("emit() with no pending spike") }
        pending.setKey(schedule.nextSpike(after: pending.minKey, &streams[node]), of: node)
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
    /// `size` independent Poisson sources at `rate` Hz each (a value or a
    /// schedule in Hz), spiking in [start, stop) (ms; nil: never stopping).
    public static func poisson(_ name: String, size: Int, rate: ParameterValue, start: Double = 0,
                               stop: Double? = nil) -> PopulationDescription {
        var parameters = ParameterValues(["rate": rate, "start": .scalar(start)])
        parameters["stop"] = stop.map { .scalar($0) }
        return PopulationDescription(name: name, size: size, model: .poisson, parameters: parameters)
    }

    /// `size` independent Poisson sources at `rate` Hz each.
    public static func poisson(_ name: String, size: Int, rate: Double) -> PopulationDescription {
        poisson(name, size: size, rate: .scalar(rate))
    }
}
