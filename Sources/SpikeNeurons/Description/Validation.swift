import Diagnostics

extension NetworkDescription {
    /// The one validation of a description, run before anything is built:
    /// names, sizes, every population's parameters against its model's
    /// schema, and every projection (its populations exist, its target can
    /// receive input, connectivity fits the sizes, weight and delay are
    /// finite, plasticity is valid), every current input (its population
    /// takes currents, its nodes exist, its waveform is sound), and no zero-delay cycle of cells without
    /// refractory period can fire for ever. Errors name the field as a network file
    /// would (`population[1].tau_m`, `projection[2].connectivity.p`).
    public func validate() throws(InputError) {
        var names = Set<String>()
        for (index, population) in populations.enumerated() {
            let path = "population[\(index)]"
            guard !population.name.isEmpty else { throw InputError(field: "\(path).name", message: "must not be empty") }
            guard names.insert(population.name).inserted else {
                throw InputError(field: "\(path).name", message: "duplicate population name \"\(population.name)\"")
            }
            // An empty population has nothing to run or record: it is a mistake, not a network.
            guard population.size >= 1, population.size <= Int(Int32.max) else {
                throw InputError(field: "\(path).size", message: "must be in 1...\(Int32.max), got \(population.size)")
            }
            do {
                try population.model.schema.validate(population.parameters, size: population.size)
            } catch {
                throw error.inside(field: path)
            }
        }
        // One dictionary for every projection's names (a scan each was quadratic).
        let indexByName = Dictionary(populations.indices.map { (populations[$0].name, $0) }, uniquingKeysWith: { first, _ in first })
        for projection in projections { try validate(projection, indexByName: indexByName) }
        for current in currents { try current.validate(populations: populations, indexByName: indexByName) }
        try checkZeroDelayCycles(indexByName: indexByName)
    }

    private func validate(_ projection: ProjectionDescription, indexByName: [String: Int]) throws(InputError) {
        let label = projection.label
        func fail(_ field: String, _ message: String) -> InputError {
            InputError(field: field.isEmpty ? label : "\(label).\(field)", message: message)
        }
        guard let source = indexByName[projection.source] else {
            throw fail("source", "no population named \"\(projection.source)\"")
        }
        guard let target = indexByName[projection.target] else {
            throw fail("target", "no population named \"\(projection.target)\"")
        }
        guard populations[target].model.schema.receivesInput else {
            throw fail("target", "population \"\(projection.target)\" (\(populations[target].model.schema.name)) cannot receive input")
        }
        guard projection.weight.isFinite else { throw fail("weight", "must be finite") }
        if let law = projection.weightDistribution {
            do { try law.validate() } catch { throw error.inside(field: "\(label).weight") }
            // A plastic projection starts every synapse at `weight`: drawn weights would be dropped.
            if projection.plasticity != nil { throw fail("plasticity", "cannot be combined with a weight distribution") }
            if case let .explicit(connections) = projection.connectivity, connections.weights != nil {
                throw fail("weight", "a distribution cannot be combined with connections that list their own weights")
            }
        }
        guard projection.delay.isFinite, projection.delay >= 0 else { throw fail("delay", "must be finite and >= 0") }
        let sourceSize = populations[source].size, targetSize = populations[target].size
        switch projection.connectivity {
        case let .fixedProbability(p, _) where !(p >= 0 && p <= 1):
            throw fail("connectivity.p", "must be a probability in [0, 1], got \(p)")
        case let .fixedInDegree(k, allow):
            let available = sourceSize - (source == target && !allow ? 1 : 0)
            guard k >= 0 && k <= available else {
                throw fail("connectivity.k", "must be in 0...\(available) for \(projection.source) -> \(projection.target), got \(k)")
            }
        case .oneToOne where sourceSize != targetSize:
            throw fail("connectivity.rule", "one_to_one needs equal sizes (\(projection.source) has \(sourceSize), \(projection.target) has \(targetSize))")
        case let .explicit(connections):
            if let source = connections.sources.first(where: { Int($0) >= sourceSize }) {
                throw fail("connectivity", "source node \(source) is outside population \(projection.source) (0..<\(sourceSize))")
            }
            if let target = connections.targets.last, Int(target) >= targetSize {
                throw fail("connectivity", "target node \(target) is outside population \(projection.target) (0..<\(targetSize))")
            }
            if let weights = connections.weights {
                if let index = weights.firstIndex(where: { !$0.isFinite }) {
                    throw fail("weight", "connection \(connections.sources[index]) -> \(connections.targets[index]) has weight \(weights[index]); must be finite")
                }
                // A plastic projection starts every synapse at `weight`: own weights would be dropped.
                if projection.plasticity != nil { throw fail("plasticity", "cannot be combined with per-connection weights") }
            }
        default: break
        }
        do { try projection.plasticity?.validate() } catch { throw error.inside(field: "\(label).plasticity") }
    }
}
