extension NetworkDescription {
    /// Expected bytes of a built network and its run, with the expected
    /// connection count of random rules:
    /// - per neuron about 40 bytes (heap key, slot and position, refractory
    ///   bit, release line);
    /// - per connection 4 bytes (its target in the fan-out table), and 8
    ///   more when its weight is drawn from a law;
    /// - per plastic connection besides: its rule's state (`fieldsPerSynapse`
    ///   doubles), its index in the target's incoming list (8 bytes), and the
    ///   end-of-run weight snapshot written to the trace (weight, source and
    ///   target ids: 24 bytes).
    /// Lets a caller refuse a description that cannot fit before building it.
    /// (Counting 4 bytes per plastic connection, as once done, put an STDP
    /// network that needed about 25 GB at 1.9 GB.)
    public var estimatedMemoryBytes: Double {
        let sizes = Dictionary(populations.map { ($0.name, Double($0.size)) }, uniquingKeysWith: { first, _ in first })
        let nodes = populations.reduce(0.0) { $0 + Double($1.size) }
        let connectionBytes = projections.reduce(0.0) { total, projection in
            let sources = sizes[projection.source] ?? 0, targets = sizes[projection.target] ?? 0
            let expected: Double = switch projection.connectivity {
            case let .fixedProbability(p, _): p * sources * targets
            case let .fixedInDegree(k, _): Double(k) * targets
            case .oneToOne: sources
            case .allToAll: sources * targets
            // Counted in units of the table's 4 bytes: the description's list holds 8 more
            // (source, target), and own weights 8 in the list and 8 in the built projection.
            case let .explicit(connections): Double(connections.count) * (connections.weights == nil ? 3 : 7)
            }
            let plasticBytes = projection.plasticity.map { 8 * Double($0.fieldsPerSynapse) + 8 + 24 } ?? 0
            let drawnBytes: Double = projection.weightDistribution == nil ? 0 : 8
            return total + expected * (4 + plasticBytes + drawnBytes)
        }
        return 40 * nodes + connectionBytes
    }
}

extension PlasticityDescription {
    /// Doubles of state per synapse (weight, traces and last spike times).
    var fieldsPerSynapse: Int {
        switch rule {
        case .pair: 5
        case .triplet: 7
        }
    }
}
