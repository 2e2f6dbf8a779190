import Diagnostics
import EventCore

/// A population of nodes of one model that advances exactly between events
/// (Arbor's `cell_group`, Auryn's `NeuronGroup`): it knows the time of its
/// next emission, emits it, takes inputs, reports named state variables and
/// saves and restores its state. `Population` dispatches over the concrete
/// kinds statically, so the network's event loop is specialised for each.
///
/// Nodes are numbered 0..<size within the part of the population this
/// instance holds (`PopulationContext.nodes`); the network maps them to
/// population indices and global ids.
public protocol EventDrivenPopulation: Sendable {
    associatedtype State: Sendable, Codable, Equatable
    /// Parameters, variables and equations, as data.
    static var schema: ModelSchema { get }
    /// Builds the nodes `context.nodes` from validated parameters.
    init(parameters: ParameterValues, context: PopulationContext)
    /// Nodes held.
    var size: Int { get }
    /// Time of the earliest pending emission, +infinity if none. May lie
    /// before the current time when an input has just lifted a neuron over
    /// threshold, which means "now".
    mutating func nextEmissionTime() -> Double
    /// The next emission if it comes at or before `horizon`; otherwise any
    /// time after `horizon` before which none comes. The network asks with
    /// the time of its next arrival, so that a model whose emissions cost
    /// work to find (an integrator's steps) does that work only as far as it
    /// is needed: inputs would change it anyway.
    mutating func nextEmissionTime(before horizon: Double) -> Double
    /// Emits the earliest pending spike at `time` and returns its node.
    mutating func emit(at time: Double) -> Int
    /// Applies an input of `weight` (in `schema.weightDimension`) arriving at `time` to `targets`.
    mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>)
    /// Applies inputs of individual weights (`weights[k]` to `targets[k]`), as plastic synapses deliver them.
    mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>)
    /// Current inputs (models whose schema `acceptsCurrent`): from `time` on,
    /// the current injected into `targets[k]` changes by
    /// changes[k].x + changes[k].y (t - time) (pA, with the slope in pA/ms).
    mutating func receiveCurrent(changes: UnsafeBufferPointer<SIMD2<Double>>, at time: Double, targets: UnsafeBufferPointer<UInt32>)
    /// State variable `variable` (an index into `schema.variables`) of `node`
    /// at `time`, which must not precede the last event processed; reading
    /// does not change the dynamics.
    mutating func value(of variable: Int, node: Int, at time: Double) -> Double
    /// Everything that changes during a run, as plain values (checkpoints).
    var state: State { get }
    /// Restores a state saved from a population built the same way.
    mutating func restore(_ saved: State) throws(InputError)
}

extension EventDrivenPopulation {
    /// Models that know their next emission exactly at every change.
    public mutating func nextEmissionTime(before horizon: Double) -> Double { nextEmissionTime() }

    // Input sources: validation never lets a projection target them.
    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        preconditionFailure("\(Self.schema.name) populations cannot receive input")
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        preconditionFailure("\(Self.schema.name) populations cannot receive input")
    }

    // Validation never lets a current input target a model whose schema does not accept currents.
    public mutating func receiveCurrent(changes: UnsafeBufferPointer<SIMD2<Double>>, at time: Double,
                                        targets: UnsafeBufferPointer<UInt32>) {
        preconditionFailure("\(Self.schema.name) populations cannot take current inputs")
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        preconditionFailure("\(Self.schema.name) has no state variables")
    }
}

/// What a population needs to know to build its nodes, besides its parameters.
public struct PopulationContext: Sendable {
    /// The population's name: it keys the nodes' random streams.
    public var name: String
    /// The nodes of the population built here (all of them, or a partition's part).
    public var nodes: Range<Int>
    public var seed: UInt64
    /// Simulated time at which the nodes start (ms).
    public var startTime: Double
    /// Nodes of the whole population (`nodes` may be a part of them).
    public var populationSize: Int

    public init(name: String, nodes: Range<Int>, seed: UInt64, startTime: Double, populationSize: Int? = nil) {
        self.name = name
        self.nodes = nodes
        self.seed = seed
        self.startTime = startTime
        self.populationSize = populationSize ?? nodes.upperBound
    }

    /// The random stream for `purpose` at population node `node`: the same
    /// whichever partition builds the node and whatever else the network holds.
    public func random(_ purpose: String, node: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed, key: StreamKey(purpose).with(name).with(UInt64(node)))
    }

    /// The value of a per-node parameter at each node built here; draws come
    /// from each node's `purpose` stream.
    public func perNode(_ value: ParameterValue, purpose: String) -> [Double] {
        switch value {
        case let .scalar(x):
            return Array(repeating: x, count: nodes.count)
        case let .distribution(law):
            let (lower, upper) = law.support
            return nodes.map { node in
                var random = random(purpose, node: node)
                // Validation keeps at least 1 % of a truncated normal's mass
                // inside its bounds, so missing them 10,000 times in a row has
                // probability below 1e-43; the mean, kept inside the bounds,
                // stands in for that draw.
                return law.draw(&random) ?? min(max(law.mean, lower), upper)
            }
        case let .values(values):
            return nodes.map { values[$0] }
        case .lists, .schedule:
            preconditionFailure("a list or schedule parameter has no per-node scalar value")
        }
    }
}
