import Diagnostics

/// Nodes that spike at given times (e.g. the input neurons of a
/// spike-timing task). Simultaneous spikes are emitted in node order.
public struct SpikeTrainInput: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "spike_times",
        summary: "nodes spiking at listed times (an input: cannot be a projection's target)",
        equations: ["node i spikes at each time of spike_times[i]"],
        parameters: [
            ParameterSpec("spike_times", .time, kind: .lists(unitKey: "time_unit"), bounds: .nonNegative,
                          "one list of spike times per node (numbers, in time_unit)"),
        ],
        variables: [],
        weightDimension: nil,
        sizeFromParameter: "spike_times")

    public let size: Int
    /// All spikes as (time ms, node), sorted by time then node.
    private let spikes: [(time: Double, node: Int)]
    private var cursor = 0

    public init(parameters: ParameterValues, context: PopulationContext) {
        let lists = parameters.lists("spike_times")
        self.init(spikeTimes: context.nodes.map { lists[$0] }, startTime: context.startTime)
    }

    /// `spikeTimes[i]` lists node i's spike times (ms) in any order.
    public init(spikeTimes: [[Double]], startTime: Double = 0) {
        precondition(spikeTimes.allSatisfy { $0.allSatisfy(\.isFinite) }, "spike times must be finite")
        size = spikeTimes.count
        spikes = spikeTimes.enumerated()
            .flatMap { node, times in times.map { (time: $0, node: node) } }
            .filter { $0.time >= startTime }
            .sorted { ($0.time, $0.node) < ($1.time, $1.node) }
    }

    public func nextEmissionTime() -> Double { cursor < spikes.count ? spikes[cursor].time : .infinity }

    public mutating func emit(at time: Double) -> Int {
        precondition(cursor < spikes.count, "emit() with no pending spike")
        defer { cursor += 1 }
        return spikes[cursor].node
    }

    /// Spikes already emitted (the times themselves come from the description).
    public struct State: Sendable, Codable, Equatable {
        var emittedCount: Int
    }

    public var state: State { State(emittedCount: cursor) }

    public mutating func restore(_ saved: State) throws(InputError) {
        guard (0...spikes.count).contains(saved.emittedCount) else {
            throw InputError(message: "saved spike-train position \(saved.emittedCount) is outside 0...\(spikes.count)")
        }
        cursor = saved.emittedCount
    }
}

extension PopulationDescription {
    /// Nodes spiking at `times[i]` (ms), one list per node.
    public static func spikeTimes(_ name: String, _ times: [[Double]]) -> PopulationDescription {
        PopulationDescription(name: name, size: times.count, model: .spikeTimes,
                              parameters: ParameterValues(["spike_times": .lists(times)]))
    }
}
