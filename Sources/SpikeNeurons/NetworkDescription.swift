/// A network described as plain values: which populations exist, of which
/// model, and which projections connect them. Building a `Network` from it
/// with a seed is deterministic. Units: milliseconds, millivolts, hertz.
public struct NetworkDescription: Sendable, Hashable, Codable {
    public var populations: [PopulationDescription]
    public var projections: [ProjectionDescription]

    public init(populations: [PopulationDescription], projections: [ProjectionDescription]) {
        self.populations = populations
        self.projections = projections
    }

    public func populationIndex(named name: String) -> Int? {
        populations.firstIndex { $0.name == name }
    }
}

public struct PopulationDescription: Sendable, Hashable, Codable {
    public var name: String
    public var size: Int
    public var model: NodeModel

    public init(name: String, size: Int, model: NodeModel) {
        self.name = name
        self.size = size
        self.model = model
    }
}

/// What kind of node a population holds.
public enum NodeModel: Sendable, Hashable, Codable {
    /// Leaky integrate-and-fire neurons starting at the given membrane potential (mV).
    case leakyIntegrateAndFire(LIFParameters, initialPotential: InitialValue)
    /// Independent Poisson sources at `rate` Hz each.
    case poisson(rate: Double)
    /// Sources spiking at the listed times (ms), one list per node.
    case spikeTimes([[Double]])

    /// Whether nodes of this kind can be the target of a projection.
    public var receivesInput: Bool {
        if case .leakyIntegrateAndFire = self { return true }
        return false
    }
}

/// A per-node initial value: fixed, or drawn uniformly from [lower, upper).
public enum InitialValue: Sendable, Hashable, Codable {
    case fixed(Double)
    case uniform(lower: Double, upper: Double)
}

/// Connections from one population to another, all with one weight and one delay.
public struct ProjectionDescription: Sendable, Hashable, Codable {
    public var source: String
    public var target: String
    public var connectivity: ConnectivityRule
    /// Voltage jump per spike (mV); negative for inhibition.
    public var weight: Double
    /// Transmission delay (ms, >= 0).
    public var delay: Double
    /// Spike-timing-dependent plasticity; `weight` is then every synapse's initial weight.
    public var plasticity: PlasticityDescription?

    public init(source: String, target: String, connectivity: ConnectivityRule, weight: Double, delay: Double,
                plasticity: PlasticityDescription? = nil) {
        self.source = source
        self.target = target
        self.connectivity = connectivity
        self.weight = weight
        self.delay = delay
        self.plasticity = plasticity
    }
}

/// How a projection's connections are drawn. "Autapses" are connections of a
/// node to itself; they can only arise when source and target are the same
/// population, and are excluded unless allowed.
public enum ConnectivityRule: Sendable, Hashable, Codable {
    /// Each (source, target) pair is connected independently with probability p.
    case fixedProbability(Double, allowAutapses: Bool)
    /// Each target receives exactly k connections from distinct sources.
    case fixedInDegree(Int, allowAutapses: Bool)
    /// Source i connects to target i (equal sizes).
    case oneToOne
    /// Every source connects to every target.
    case allToAll(allowAutapses: Bool)
}
