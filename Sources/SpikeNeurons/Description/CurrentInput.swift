import Diagnostics

/// A current injected from outside the network into nodes of one population
/// (pA), as a patch clamp would: NEST's `step_current_generator`, a
/// piecewise-linear ramp (NEURON's `Vector.play` with interpolation), and
/// NEST's `noise_generator`. The currents of several inputs into one node
/// add to each other and to the model's `i_e`. Models whose schema
/// `acceptsCurrent` take them exactly: the change times are events, and
/// between them the current is constant or linear in time.
public struct CurrentInputDescription: Sendable, Hashable, Codable {
    /// The population injected into.
    public var target: String
    /// Its nodes that receive the current (increasing, distinct); nil: all.
    public var nodes: [Int]?
    public var waveform: CurrentWaveform
    /// How errors name the input (a network file says `current[0]`).
    public var label: String

    public init(target: String, nodes: [Int]? = nil, waveform: CurrentWaveform, label: String? = nil) {
        self.target = target
        self.nodes = nodes
        self.waveform = waveform
        self.label = label ?? "current input into \(target)"
    }
}

/// The time course of a current input: 0 before its first change.
public enum CurrentWaveform: Sendable, Hashable, Codable {
    /// `amplitudes[k]` (pA) from `times[k]` (ms) until `times[k + 1]`, the last for ever.
    case steps(times: [Double], amplitudes: [Double])
    /// Linear from (`times[k]`, `amplitudes[k]`) to the next point, the last amplitude for ever after.
    case ramps(times: [Double], amplitudes: [Double])
    /// mean + sd N(0, 1) (pA), a new draw for every node and every interval
    /// [start + j interval, start + (j + 1) interval) while that begins
    /// before `stop` (ms; +infinity: never); 0 from `stop` on. Each node
    /// draws from its own stream, so the current of a node does not depend
    /// on the other nodes or on the partition.
    case noise(mean: Double, sd: Double, interval: Double, start: Double, stop: Double)

    /// For steps and ramps: the changes every node takes, as (time, (da, dk)):
    /// from `time` on the current changes by da + dk (t - time). A ramp's
    /// da corrects the rounding of the slope's integration since the last point.
    var changes: [(time: Double, change: SIMD2<Double>)] {
        switch self {
        case let .steps(times, amplitudes):
            return times.indices.map { k in (times[k], SIMD2(amplitudes[k] - (k > 0 ? amplitudes[k - 1] : 0), 0)) }
        case let .ramps(times, amplitudes):
            func slope(_ k: Int) -> Double {
                k >= 0 && k + 1 < times.count ? (amplitudes[k + 1] - amplitudes[k]) / (times[k + 1] - times[k]) : 0
            }
            return times.indices.map { k in
                let reached = k > 0 ? amplitudes[k - 1] + slope(k - 1) * (times[k] - times[k - 1]) : 0
                return (times[k], SIMD2(amplitudes[k] - reached, slope(k) - slope(k - 1)))
            }
        case .noise:
            return []
        }
    }
}

extension CurrentInputDescription {
    /// Larger currents (1 mA) are a unit mistake, not a neuron's input.
    static let largestAmplitude = 1e9
    /// Noise intervals shorter than this (ms) would not be told apart by the clock over a long run.
    static let shortestInterval = 1e-6

    /// Checks the input against the populations (`indexByName` into `populations`).
    func validate(populations: [PopulationDescription], indexByName: [String: Int]) throws(InputError) {
        func fail(_ field: String, _ message: String) -> InputError {
            InputError(field: field.isEmpty ? label : "\(label).\(field)", message: message)
        }
        guard let index = indexByName[target] else { throw fail("target", "no population named \"\(target)\"") }
        let population = populations[index]
        guard population.model.schema.acceptsCurrent else {
            let accepting = ModelKind.allCases.filter(\.schema.acceptsCurrent).map(\.schema.name).joined(separator: ", ")
            throw fail("target", "population \"\(target)\" (\(population.model.schema.name)) cannot take current inputs (models that can: \(accepting))")
        }
        if let nodes {
            guard !nodes.isEmpty else { throw fail("nodes", "must list at least one node") }
            if let outside = nodes.first(where: { $0 < 0 || $0 >= population.size }) {
                throw fail("nodes", "node \(outside) is outside population \(target) (0..<\(population.size))")
            }
            if let k = nodes.indices.dropFirst().first(where: { nodes[$0] <= nodes[$0 - 1] }) {
                throw fail("nodes", "must be increasing and distinct (\(nodes[k - 1]) then \(nodes[k]))")
            }
        }
        func checkAmplitude(_ value: Double, _ field: String) throws(InputError) {
            guard value.isFinite, abs(value) <= Self.largestAmplitude else {
                throw fail(field, "must be finite and at most 1 mA in magnitude, got \(value) pA")
            }
        }
        switch waveform {
        case let .steps(times, amplitudes), let .ramps(times, amplitudes):
            guard !times.isEmpty else { throw fail("times", "must list at least one time") }
            guard times.count == amplitudes.count else {
                throw fail("amplitudes", "lists \(amplitudes.count) values for \(times.count) times")
            }
            if let t = times.first(where: { !($0.isFinite && $0 >= 0) }) { throw fail("times", "must be finite and >= 0, got \(t) ms") }
            if let k = times.indices.dropFirst().first(where: { times[$0] <= times[$0 - 1] }) {
                throw fail("times", "must increase strictly (\(times[k - 1]) ms then \(times[k]) ms)")
            }
            for value in amplitudes { try checkAmplitude(value, "amplitudes") }
        case let .noise(mean, sd, interval, start, stop):
            try checkAmplitude(mean, "mean")
            guard sd.isFinite, sd >= 0, sd <= Self.largestAmplitude else {
                throw fail("sd", "must be finite, >= 0 and at most 1 mA, got \(sd) pA")
            }
            guard interval.isFinite, interval >= Self.shortestInterval else {
                throw fail("interval", "must be finite and at least \(Self.shortestInterval) ms, got \(interval) ms")
            }
            guard start.isFinite, start >= 0 else { throw fail("start", "must be finite and >= 0, got \(start) ms") }
            guard stop > start else { throw fail("stop", "must come after start (\(start) ms), got \(stop) ms") }
        }
    }
}
