import Diagnostics
/// A request to sample one state variable of some nodes of a population,
/// validated against the network (the variable exists, the nodes too).
public struct StateProbe: Sendable, Hashable {
    public let population: Int
    public let variable: String
    public let units: String
    public let nodes: [Int]
}

extension Network {
    /// State variables of a population's model, with their units.
    public func stateVariables(population: Int) -> [(name: String, units: String)] {
        switch description.populations[population].model {
        case .leakyIntegrateAndFire: [("v", "mV")]
        case .poisson, .spikeTimes: []
        }
    }

    /// A probe of `variable` on `nodes` (all nodes when nil) of the named population.
    public func probe(population name: String, variable: String, nodes: [Int]?) throws(InputError) -> StateProbe {
        guard let population = description.populationIndex(named: name) else {
            throw InputError("no population named \(name)")
        }
        let variables = stateVariables(population: population)
        guard let units = variables.first(where: { $0.name == variable })?.units else {
            let known = variables.map(\.name).joined(separator: ", ")
            throw InputError("population \(name) has no state variable \(variable) (it has: \(known.isEmpty ? "none" : known))")
        }
        let size = description.populations[population].size
        let chosen = nodes ?? Array(0..<size)
        guard !chosen.isEmpty else { throw InputError("no nodes to record in population \(name)") }
        if let outside = chosen.first(where: { $0 < 0 || $0 >= size }) {
            throw InputError("node \(outside) is outside population \(name) (0..<\(size))")
        }
        return StateProbe(population: population, variable: variable, units: units, nodes: chosen)
    }

    /// The probed values at `time`, which must not precede the last processed
    /// event (a sample at t sees the state before the events at t).
    public mutating func sample(_ probe: StateProbe, at time: Double) -> [Float] {
        guard case let .neurons(group) = storage[probe.population] else { return [] }
        return probe.nodes.map { Float(neuronGroups[group].membranePotential(of: $0, at: time)) }
    }
}
