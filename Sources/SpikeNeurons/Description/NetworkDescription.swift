/// A network described as plain values (a recipe): which populations exist,
/// of which model and with which parameters, and which projections connect
/// them, and which currents are injected into them. Building a `Network` from it with a seed is deterministic, and any
/// part of it (a `Partition`) can be built alone: see `Network`.
/// Units are the internal units of each dimension: ms, mV, Hz, pA, nS, pF.
public struct NetworkDescription: Sendable, Hashable, Codable {
    public var populations: [PopulationDescription]
    public var projections: [ProjectionDescription]
    public var currents: [CurrentInputDescription]

    public init(populations: [PopulationDescription], projections: [ProjectionDescription], currents: [CurrentInputDescription] = []) {
        self.populations = populations
        self.projections = projections
        self.currents = currents
    }

    private enum CodingKeys: String, CodingKey { case populations, projections, currents }

    /// Checkpoints written before current inputs have none.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        populations = try container.decode([PopulationDescription].self, forKey: .populations)
        projections = try container.decode([ProjectionDescription].self, forKey: .projections)
        currents = try container.decodeIfPresent([CurrentInputDescription].self, forKey: .currents) ?? []
    }

    public func populationIndex(named name: String) -> Int? {
        populations.firstIndex { $0.name == name }
    }

    /// Global id of node 0 of each population, and the total count at the
    /// end: cells are numbered population by population (64-bit ids).
    public var firstGlobalIDs: [UInt64] {
        var offsets: [UInt64] = [0]
        for population in populations { offsets.append(offsets[offsets.count - 1] + UInt64(max(population.size, 0))) }
        return offsets
    }
}

/// One population: a model, its parameters (validated against the model's
/// schema) and its size.
public struct PopulationDescription: Sendable, Hashable, Codable {
    public var name: String
    public var size: Int
    public var model: ModelKind
    public var parameters: ParameterValues

    public init(name: String, size: Int, model: ModelKind, parameters: ParameterValues) {
        self.name = name
        self.size = size
        self.model = model
        self.parameters = parameters
    }
}

/// Connections from one population to another, all with one delay and one
/// weight, or each with its own weight (listed, or drawn from a law).
public struct ProjectionDescription: Sendable, Hashable, Codable {
    public var source: String
    public var target: String
    public var connectivity: ConnectivityRule
    /// Effect of one spike on its target, in the unit of the target model's
    /// `weightDimension` (mV for voltage jumps); negative for inhibition.
    /// Explicit connections with weights of their own, and a projection
    /// with a `weightDistribution`, do not use it.
    public var weight: Double
    /// The law every connection draws its own weight from (nil: they all have `weight`).
    public var weightDistribution: WeightDistribution?
    /// Transmission delay (ms, >= 0).
    public var delay: Double
    /// Spike-timing-dependent plasticity; `weight` is then every synapse's initial weight.
    public var plasticity: PlasticityDescription?
    /// How errors name the projection (a network file says `projection[2]`).
    public var label: String

    public init(source: String, target: String, connectivity: ConnectivityRule, weight: Double, delay: Double,
                plasticity: PlasticityDescription? = nil, label: String? = nil, weightDistribution: WeightDistribution? = nil) {
        self.source = source
        self.target = target
        self.connectivity = connectivity
        self.weight = weight
        self.weightDistribution = weightDistribution
        self.delay = delay
        self.plasticity = plasticity
        self.label = label ?? "projection \(source) -> \(target)"
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
    /// The connections listed (a SONATA edge population), autapses included
    /// if listed; with per-connection weights the projection's `weight` is unused.
    case explicit(ExplicitConnections)
}
