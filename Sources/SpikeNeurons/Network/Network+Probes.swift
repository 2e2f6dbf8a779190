import Diagnostics

/// A request to sample one state variable of some nodes of a population,
/// validated against the network (the variable exists, the nodes too).
public struct StateProbe: Sendable, Hashable {
    public let population: Int
    /// Index into the model's `schema.variables`.
    public let variable: Int
    public let variableName: String
    public let units: String
    /// Population node indices.
    public let nodes: [Int]
}

extension Network {
    /// The recordable state variables of a population's model.
    public func stateVariables(population: Int) -> [VariableSpec] {
        description.populations[population].model.schema.variables
    }

    /// A probe of `variable` on `nodes` (all nodes when nil) of the named population.
    public func probe(population name: String, variable: String, nodes: [Int]?) throws(InputError) -> StateProbe {
        guard let population = description.populationIndex(named: name) else {
            throw InputError(message: "no population named \(name)")
        }
        let variables = stateVariables(population: population)
        guard let index = variables.firstIndex(where: { $0.name == variable }) else {
            let known = variables.map(\.name).joined(separator: ", ")
            throw InputError(message: "population \(name) has no state variable \(variable) (it has: \(known.isEmpty ? "none" : known))")
        }
        let held = nodeRanges[population]
        let chosen = nodes ?? Array(held)
        guard !chosen.isEmpty else { throw InputError(message: "no nodes to record in population \(name)") }
        if let outside = chosen.first(where: { !held.contains($0) }) {
            throw InputError(message: "node \(outside) is outside population \(name) (\(held.lowerBound)..<\(held.upperBound))")
        }
        return StateProbe(population: population, variable: index, variableName: variable,
                          units: variables[index].unit, nodes: chosen)
    }

    /// The probed values at `time`, which must not precede the last processed
    /// event (a sample at t sees the state before the events at t).
    public mutating func sample(_ probe: StateProbe, at time: Double) -> [Float] {
        let first = nodeRanges[probe.population].lowerBound
        return probe.nodes.map { node in
            Float(populations.value(of: probe.variable, population: probe.population, node: node - first, at: time))
        }
    }
}
