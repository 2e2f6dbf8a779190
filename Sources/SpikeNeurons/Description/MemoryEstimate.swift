extension NetworkDescription {
    /// Expected bytes of a built network: per-neuron state (about 40 bytes:
    /// heap key, slot and position, refractory bit, release line) and 4 bytes
    /// per connection, with the expected connection count of random rules.
    /// Lets a caller refuse a description that cannot fit before building it.
    public var estimatedMemoryBytes: Double {
        let nodes = populations.reduce(0.0) { $0 + Double($1.size) }
        let connections = projections.reduce(0.0) { total, projection in
            let sources = Double(populations.first { $0.name == projection.source }?.size ?? 0)
            let targets = Double(populations.first { $0.name == projection.target }?.size ?? 0)
            let expected: Double = switch projection.connectivity {
            case let .fixedProbability(p, _): p * sources * targets
            case let .fixedInDegree(k, _): Double(k) * targets
            case .oneToOne: sources
            case .allToAll: sources * targets
            }
            return total + expected
        }
        return 40 * nodes + 4 * connections
    }
}
