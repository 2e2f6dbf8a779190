import Diagnostics

// The one file that lists the models. Adding a model takes its dynamics file
// (a type conforming to `EventDrivenPopulation`, with its `schema`), a case in
// `ModelKind`, `Population` and `Population.State` below, and one arm in
// each switch of this file. Everything else (file parsing, validation,
// `spinsim models`, recording, checkpoints) follows from the schema.

/// The models a network file can name.
public enum ModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    case lif
    case pif
    case poisson
    case spikeTimes = "spike_times"

    public var schema: ModelSchema {
        switch self {
        case .lif: LIFPopulation.schema
        case .pif: PerfectIntegratorPopulation.schema
        case .poisson: PoissonInput.schema
        case .spikeTimes: SpikeTrainInput.schema
        }
    }

    /// The model called `name` in network files.
    public static func named(_ name: String) -> ModelKind? {
        allCases.first { $0.schema.name == name }
    }
}

/// A population of any model, dispatched statically: every call switches
/// over the concrete type, so the event loop is specialised per model and no
/// existential sits in the inner loop. Mutations move the payload out
/// (`consume self`) so its arrays stay uniquely referenced and are changed in
/// place, never copied.
public enum Population: Sendable {
    case lif(LIFPopulation)
    case pif(PerfectIntegratorPopulation)
    case poisson(PoissonInput)
    case spikeTimes(SpikeTrainInput)

    public init(_ kind: ModelKind, parameters: ParameterValues, context: PopulationContext) {
        switch kind {
        case .lif: self = .lif(LIFPopulation(parameters: parameters, context: context))
        case .pif: self = .pif(PerfectIntegratorPopulation(parameters: parameters, context: context))
        case .poisson: self = .poisson(PoissonInput(parameters: parameters, context: context))
        case .spikeTimes: self = .spikeTimes(SpikeTrainInput(parameters: parameters, context: context))
        }
    }

    public var size: Int {
        switch self {
        case let .lif(p): p.size
        case let .pif(p): p.size
        case let .poisson(p): p.size
        case let .spikeTimes(p): p.size
        }
    }

    @inlinable @inline(__always)
    public mutating func nextEmissionTime() -> Double {
        switch consume self {
        case var .lif(p): let t = p.nextEmissionTime(); self = .lif(p); return t
        case var .pif(p): let t = p.nextEmissionTime(); self = .pif(p); return t
        case var .poisson(p): let t = p.nextEmissionTime(); self = .poisson(p); return t
        case var .spikeTimes(p): let t = p.nextEmissionTime(); self = .spikeTimes(p); return t
        }
    }

    @inlinable @inline(__always)
    public mutating func emit(at time: Double) -> Int {
        switch consume self {
        case var .lif(p): let n = p.emit(at: time); self = .lif(p); return n
        case var .pif(p): let n = p.emit(at: time); self = .pif(p); return n
        case var .poisson(p): let n = p.emit(at: time); self = .poisson(p); return n
        case var .spikeTimes(p): let n = p.emit(at: time); self = .spikeTimes(p); return n
        }
    }

    @inlinable @inline(__always)
    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        switch consume self {
        case var .lif(p): p.receive(weight: weight, at: time, targets: targets); self = .lif(p)
        case var .pif(p): p.receive(weight: weight, at: time, targets: targets); self = .pif(p)
        case var .poisson(p): p.receive(weight: weight, at: time, targets: targets); self = .poisson(p)
        case var .spikeTimes(p): p.receive(weight: weight, at: time, targets: targets); self = .spikeTimes(p)
        }
    }

    @inlinable @inline(__always)
    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        switch consume self {
        case var .lif(p): p.receive(weights: weights, at: time, targets: targets); self = .lif(p)
        case var .pif(p): p.receive(weights: weights, at: time, targets: targets); self = .pif(p)
        case var .poisson(p): p.receive(weights: weights, at: time, targets: targets); self = .poisson(p)
        case var .spikeTimes(p): p.receive(weights: weights, at: time, targets: targets); self = .spikeTimes(p)
        }
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        switch consume self {
        case var .lif(p): let v = p.value(of: variable, node: node, at: time); self = .lif(p); return v
        case var .pif(p): let v = p.value(of: variable, node: node, at: time); self = .pif(p); return v
        case var .poisson(p): let v = p.value(of: variable, node: node, at: time); self = .poisson(p); return v
        case var .spikeTimes(p): let v = p.value(of: variable, node: node, at: time); self = .spikeTimes(p); return v
        }
    }

    /// A population's dynamic state, tagged with its model (checkpoints).
    public enum State: Sendable, Codable, Equatable {
        case lif(LIFPopulation.State)
        case pif(PerfectIntegratorPopulation.State)
        case poisson(PoissonInput.State)
        case spikeTimes(SpikeTrainInput.State)
    }

    public var state: State {
        switch self {
        case let .lif(p): .lif(p.state)
        case let .pif(p): .pif(p.state)
        case let .poisson(p): .poisson(p.state)
        case let .spikeTimes(p): .spikeTimes(p.state)
        }
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        switch (consume self, saved) {
        case (var .lif(p), let .lif(s)): defer { self = .lif(p) }; try p.restore(s)
        case (var .pif(p), let .pif(s)): defer { self = .pif(p) }; try p.restore(s)
        case (var .poisson(p), let .poisson(s)): defer { self = .poisson(p) }; try p.restore(s)
        case (var .spikeTimes(p), let .spikeTimes(s)): defer { self = .spikeTimes(p) }; try p.restore(s)
        case (let other, _):
            self = other
            throw InputError(message: "the saved state is of another model")
        }
    }
}
