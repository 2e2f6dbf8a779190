import Diagnostics

// The one file that lists the models. Adding a model takes its dynamics file
// (a type conforming to `EventDrivenPopulation`, with its `schema`), a case in
// `ModelKind`, a slot, an array and a `State` case in `Populations` below,
// and one arm in each switch of this file. Everything else (file parsing, validation,
// `spinsim models`, recording, checkpoints) follows from the schema.

/// The models a network file can name.
public enum ModelKind: String, Sendable, Hashable, Codable, CaseIterable {
    case lif
    case lifExp = "lif_exp"
    case lifCondExp = "lif_cond_exp"
    case aeifCondExp = "aeif_cond_exp"
    case pif
    case poisson
    case spikeTimes = "spike_times"
    case stno
    case ising

    public var schema: ModelSchema {
        switch self {
        case .lif: LIFPopulation.schema
        case .lifExp: ExponentialCurrentLIFPopulation.schema
        case .lifCondExp: ConductanceLIFPopulation.schema
        case .aeifCondExp: AdaptiveExponentialPopulation.schema
        case .pif: PerfectIntegratorPopulation.schema
        case .poisson: PoissonInput.schema
        case .spikeTimes: SpikeTrainInput.schema
        case .stno: SpinTorquePopulation.schema
        case .ising: IsingPopulation.schema
        }
    }

    /// The model called `name` in network files.
    public static func named(_ name: String) -> ModelKind? {
        allCases.first { $0.schema.name == name }
    }
}

/// The populations of a network, dispatched statically: each is stored in
/// the flat array of its model and every call switches over the model, so
/// the event loop is specialised per model, no existential sits in the inner
/// loop, and a population is changed in place (an enum payload would be
/// copied out and back on every event; see docs/PERFORMANCE.md).
public struct Populations: Sendable {
    private enum Slot: Sendable { case lif(Int), lifExp(Int), lifCondExp(Int), aeifCondExp(Int), pif(Int), poisson(Int), spikeTimes(Int), stno(Int), ising(Int) }

    private var slots: [Slot] = []
    private var lif: [LIFPopulation] = []
    private var lifExp: [ExponentialCurrentLIFPopulation] = []
    private var lifCondExp: [ConductanceLIFPopulation] = []
    private var aeifCondExp: [AdaptiveExponentialPopulation] = []
    private var pif: [PerfectIntegratorPopulation] = []
    private var poisson: [PoissonInput] = []
    private var spikeTimes: [SpikeTrainInput] = []
    private var stno: [SpinTorquePopulation] = []
    private var ising: [IsingPopulation] = []

    public init() {}

    public var count: Int { slots.count }
    public var indices: Range<Int> { slots.indices }

    /// Adds a population of `kind` and returns its index.
    @discardableResult
    public mutating func append(_ kind: ModelKind, parameters: ParameterValues, context: PopulationContext) -> Int {
        switch kind {
        case .lif:
            slots.append(.lif(lif.count))
            lif.append(LIFPopulation(parameters: parameters, context: context))
        case .lifExp:
            slots.append(.lifExp(lifExp.count))
            lifExp.append(ExponentialCurrentLIFPopulation(parameters: parameters, context: context))
        case .lifCondExp:
            slots.append(.lifCondExp(lifCondExp.count))
            lifCondExp.append(ConductanceLIFPopulation(parameters: parameters, context: context))
        case .aeifCondExp:
            slots.append(.aeifCondExp(aeifCondExp.count))
            aeifCondExp.append(AdaptiveExponentialPopulation(parameters: parameters, context: context))
        case .pif:
            slots.append(.pif(pif.count))
            pif.append(PerfectIntegratorPopulation(parameters: parameters, context: context))
        case .poisson:
            slots.append(.poisson(poisson.count))
            poisson.append(PoissonInput(parameters: parameters, context: context))
        case .spikeTimes:
            slots.append(.spikeTimes(spikeTimes.count))
            spikeTimes.append(SpikeTrainInput(parameters: parameters, context: context))
        case .stno:
            slots.append(.stno(stno.count))
            stno.append(SpinTorquePopulation(parameters: parameters, context: context))
        case .ising:
            slots.append(.ising(ising.count))
            ising.append(IsingPopulation(parameters: parameters, context: context))
        }
        return slots.count - 1
    }

    /// The next emission of `population`, or a time after `horizon` before
    /// which it has none (`EventDrivenPopulation.nextEmissionTime(before:)`).
    /// Only the integrating models change to answer, out of line; the others
    /// are read, so the event loop of a network without them executes what
    /// it did before the horizon existed (Benchmark 4, 1 s: 418.4 M
    /// instructions against 417.4 M, callgrind; with every kind asked through
    /// the mutating call, inlined, wall time looked about 15 % worse).
    @inline(__always)
    public mutating func nextEmissionTime(of population: Int, before horizon: Double) -> Double {
        switch slots[population] {
        case .lifCondExp, .aeifCondExp: integratedEmissionTime(of: population, before: horizon)
        default: exactEmissionTime(of: population)
        }
    }

    /// Not inlined: the integrator's stepping inlined into the event loop
    /// would slow the loop of networks that have no integrating model.
    @inline(never)
    private mutating func integratedEmissionTime(of population: Int, before horizon: Double) -> Double {
        switch slots[population] {
        case let .lifCondExp(i): lifCondExp[i].nextEmissionTime(before: horizon)
        case let .aeifCondExp(i): aeifCondExp[i].nextEmissionTime(before: horizon)
        default: preconditionFailure("\(slots[population]) is not an integrating model")
        }
    }

    /// The next emission of a model that computes it at every change.
    @inline(__always)
    private func exactEmissionTime(of population: Int) -> Double {
        switch slots[population] {
        case let .lif(i): lif[i].nextEmissionTime()
        case let .lifExp(i): lifExp[i].nextEmissionTime()
        case let .pif(i): pif[i].nextEmissionTime()
        case let .poisson(i): poisson[i].nextEmissionTime()
        case let .spikeTimes(i): spikeTimes[i].nextEmissionTime()
        case let .stno(i): stno[i].nextEmissionTime()
        case let .ising(i): ising[i].nextEmissionTime()
        case .lifCondExp, .aeifCondExp: preconditionFailure("integrating models are asked with a horizon")
        }
    }

    // Not inlined: inlined into the event loop, the optimiser made all four
    // arrays unique at every emission, and an empty array (the shared empty
    // buffer) is never unique, so each emission allocated three empty arrays
    // (docs/PERFORMANCE.md). A call per emission costs nothing measurable.
    @inline(never)
    public mutating func emit(_ population: Int, at time: Double) -> Int {
        switch slots[population] {
        case let .lif(i): lif[i].emit(at: time)
        case let .lifExp(i): lifExp[i].emit(at: time)
        case let .lifCondExp(i): lifCondExp[i].emit(at: time)
        case let .aeifCondExp(i): aeifCondExp[i].emit(at: time)
        case let .pif(i): pif[i].emit(at: time)
        case let .poisson(i): poisson[i].emit(at: time)
        case let .spikeTimes(i): spikeTimes[i].emit(at: time)
        case let .stno(i): stno[i].emit(at: time)
        case let .ising(i): ising[i].emit(at: time)
        }
    }

    @inline(__always)
    public mutating func receive(_ population: Int, weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        switch slots[population] {
        case let .lif(i): lif[i].receive(weight: weight, at: time, targets: targets)
        case let .lifExp(i): lifExp[i].receive(weight: weight, at: time, targets: targets)
        case let .lifCondExp(i): lifCondExp[i].receive(weight: weight, at: time, targets: targets)
        case let .aeifCondExp(i): aeifCondExp[i].receive(weight: weight, at: time, targets: targets)
        case let .pif(i): pif[i].receive(weight: weight, at: time, targets: targets)
        case let .poisson(i): poisson[i].receive(weight: weight, at: time, targets: targets)
        case let .spikeTimes(i): spikeTimes[i].receive(weight: weight, at: time, targets: targets)
        case let .stno(i): stno[i].receive(weight: weight, at: time, targets: targets)
        case let .ising(i): ising[i].receive(weight: weight, at: time, targets: targets)
        }
    }

    @inline(__always)
    public mutating func receive(_ population: Int, weights: UnsafeBufferPointer<Double>, at time: Double,
                                 targets: UnsafeBufferPointer<UInt32>) {
        switch slots[population] {
        case let .lif(i): lif[i].receive(weights: weights, at: time, targets: targets)
        case let .lifExp(i): lifExp[i].receive(weights: weights, at: time, targets: targets)
        case let .lifCondExp(i): lifCondExp[i].receive(weights: weights, at: time, targets: targets)
        case let .aeifCondExp(i): aeifCondExp[i].receive(weights: weights, at: time, targets: targets)
        case let .pif(i): pif[i].receive(weights: weights, at: time, targets: targets)
        case let .poisson(i): poisson[i].receive(weights: weights, at: time, targets: targets)
        case let .spikeTimes(i): spikeTimes[i].receive(weights: weights, at: time, targets: targets)
        case let .stno(i): stno[i].receive(weights: weights, at: time, targets: targets)
        case let .ising(i): ising[i].receive(weights: weights, at: time, targets: targets)
        }
    }

    // Not inlined: current changes are rare next to spike arrivals, and most networks have none.
    @inline(never)
    public mutating func receiveCurrent(_ population: Int, changes: UnsafeBufferPointer<SIMD2<Double>>, at time: Double,
                                        targets: UnsafeBufferPointer<UInt32>) {
        switch slots[population] {
        case let .lif(i): lif[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .lifExp(i): lifExp[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .lifCondExp(i): lifCondExp[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .aeifCondExp(i): aeifCondExp[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .pif(i): pif[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .poisson(i): poisson[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .spikeTimes(i): spikeTimes[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .stno(i): stno[i].receiveCurrent(changes: changes, at: time, targets: targets)
        case let .ising(i): ising[i].receiveCurrent(changes: changes, at: time, targets: targets)
        }
    }

    public mutating func value(of variable: Int, population: Int, node: Int, at time: Double) -> Double {
        switch slots[population] {
        case let .lif(i): lif[i].value(of: variable, node: node, at: time)
        case let .lifExp(i): lifExp[i].value(of: variable, node: node, at: time)
        case let .lifCondExp(i): lifCondExp[i].value(of: variable, node: node, at: time)
        case let .aeifCondExp(i): aeifCondExp[i].value(of: variable, node: node, at: time)
        case let .pif(i): pif[i].value(of: variable, node: node, at: time)
        case let .poisson(i): poisson[i].value(of: variable, node: node, at: time)
        case let .spikeTimes(i): spikeTimes[i].value(of: variable, node: node, at: time)
        case let .stno(i): stno[i].value(of: variable, node: node, at: time)
        case let .ising(i): ising[i].value(of: variable, node: node, at: time)
        }
    }

    /// A population's dynamic state, tagged with its model (checkpoints).
    public enum State: Sendable, Codable, Equatable {
        case lif(LIFPopulation.State)
        case lifExp(ExponentialCurrentLIFPopulation.State)
        case lifCondExp(ConductanceLIFPopulation.State)
        case aeifCondExp(AdaptiveExponentialPopulation.State)
        case pif(PerfectIntegratorPopulation.State)
        case poisson(PoissonInput.State)
        case spikeTimes(SpikeTrainInput.State)
        case stno(SpinTorquePopulation.State)
        case ising(IsingPopulation.State)
    }

    public func state(of population: Int) -> State {
        switch slots[population] {
        case let .lif(i): .lif(lif[i].state)
        case let .lifExp(i): .lifExp(lifExp[i].state)
        case let .lifCondExp(i): .lifCondExp(lifCondExp[i].state)
        case let .aeifCondExp(i): .aeifCondExp(aeifCondExp[i].state)
        case let .pif(i): .pif(pif[i].state)
        case let .poisson(i): .poisson(poisson[i].state)
        case let .spikeTimes(i): .spikeTimes(spikeTimes[i].state)
        case let .stno(i): .stno(stno[i].state)
        case let .ising(i): .ising(ising[i].state)
        }
    }

    public mutating func restore(_ population: Int, from saved: State) throws(InputError) {
        switch (slots[population], saved) {
        case let (.lif(i), .lif(state)): try lif[i].restore(state)
        case let (.lifExp(i), .lifExp(state)): try lifExp[i].restore(state)
        case let (.lifCondExp(i), .lifCondExp(state)): try lifCondExp[i].restore(state)
        case let (.aeifCondExp(i), .aeifCondExp(state)): try aeifCondExp[i].restore(state)
        case let (.pif(i), .pif(state)): try pif[i].restore(state)
        case let (.poisson(i), .poisson(state)): try poisson[i].restore(state)
        case let (.spikeTimes(i), .spikeTimes(state)): try spikeTimes[i].restore(state)
        case let (.stno(i), .stno(state)): try stno[i].restore(state)
        case let (.ising(i), .ising(state)): try ising[i].restore(state)
        default: throw InputError(message: "the saved state is of another model")
        }
    }
}
