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

extension NetworkDescription {
    /// A probe of `variable` on `nodes` (all nodes when nil) of the named
    /// population, checked against the whole population.
    public func probe(population name: String, variable: String, nodes: [Int]?) throws(InputError) -> StateProbe {
        guard let population = populationIndex(named: name) else {
            throw InputError(message: "no population named \(name)")
        }
        return try probe(population: population, variable: variable, nodes: nodes, held: 0..<populations[population].size)
    }

    /// `held`: the nodes a probe may name, and those it names when `nodes` is nil.
    func probe(population: Int, variable: String, nodes: [Int]?, held: Range<Int>) throws(InputError) -> StateProbe {
        let name = populations[population].name
        let variables = populations[population].model.schema.variables
        guard let index = variables.firstIndex(where: { $0.name == variable }) else {
            let known = variables.map(\.name).joined(separator: ", ")
            throw InputError(message: "population \(name) has no state variable \(variable) (it has: \(known.isEmpty ? "none" : known))")
        }
        let chosen = nodes ?? Array(held)
        guard !chosen.isEmpty else { throw InputError(message: "no nodes to record in population \(name)") }
        if let outside = chosen.first(where: { !held.contains($0) }) {
            throw InputError(message: "node \(outside) is outside population \(name) (\(held.lowerBound)..<\(held.upperBound))")
        }
        return StateProbe(population: population, variable: index, variableName: variable,
                          units: variables[index].unit, nodes: chosen)
    }
}

extension StateProbe {
    /// The part of this probe that a network part holding `held` samples,
    /// and the column of this probe each of its nodes fills.
    public func restricted(to held: Range<Int>) -> (probe: StateProbe, columns: [Int]) {
        let columns = nodes.indices.filter { held.contains(nodes[$0]) }
        return (StateProbe(population: population, variable: variable, variableName: variableName, units: units,
                           nodes: columns.map { nodes[$0] }), columns)
    }
}

extension Network {
    /// The recordable state variables of a population's model.
    public func stateVariables(population: Int) -> [VariableSpec] {
        description.populations[population].model.schema.variables
    }

    /// A probe of `variable` on `nodes` (all nodes held here when nil) of the named population.
    public func probe(population name: String, variable: String, nodes: [Int]?) throws(InputError) -> StateProbe {
        guard let population = description.populationIndex(named: name) else {
            throw InputError(message: "no population named \(name)")
        }
        return try description.probe(population: population, variable: variable, nodes: nodes, held: nodeRanges[population])
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
