import Diagnostics

extension NetworkDescription {
    /// Refuses a cycle of excitatory zero-delay projections through
    /// populations of cells without a refractory period (`t_refractory` = 0):
    /// a spike in it can make the next cell fire at the same instant, and so
    /// on round the cycle for ever, a run whose simulated time never moves.
    /// Models without `t_refractory` (oscillators, Ising spins) fire by their
    /// own dynamics, not at once on an input, and are not counted.
    func checkZeroDelayCycles(indexByName: [String: Int]) throws(InputError) {
        let instant = populations.map { population -> Bool in
            guard let resolved = try? population.model.schema.resolved(population.parameters),
                  case let .scalar(refractory)? = resolved["t_refractory"] else { return false }
            return refractory == 0
        }
        // Edges of the graph of populations, with the projection each came from.
        var edges = Array(repeating: [(target: Int, projection: Int)](), count: populations.count)
        for (index, projection) in projections.enumerated() where projection.delay == 0 {
            guard projection.mayExcite, projection.connectivity.connectsAny, let source = indexByName[projection.source],
                  let target = indexByName[projection.target], instant[source], instant[target] else { continue }
            // One cell onto its own population without autapses connects nothing.
            if source == target && populations[source].size == 1 && !projection.connectivity.allowsAutapses { continue }
            edges[source].append((target, index))
        }
        // Depth-first search without recursion; a back edge closes a cycle.
        enum Mark { case unseen, onPath, done }
        var marks = Array(repeating: Mark.unseen, count: populations.count)
        for root in populations.indices where marks[root] == .unseen && !edges[root].isEmpty {
            var path: [(node: Int, next: Int)] = [(root, 0)]
            marks[root] = .onPath
            while let (node, next) = path.last {
                guard next < edges[node].count else {
                    marks[node] = .done
                    path.removeLast()
                    continue
                }
                path[path.count - 1].next += 1
                let (target, projection) = edges[node][next]
                switch marks[target] {
                case .unseen:
                    marks[target] = .onPath
                    path.append((target, 0))
                case .onPath:
                    let cycle = path.map(\.node).drop { $0 != target } + [target]
                    throw InputError(field: projections[projection].label, message:
                        "a zero-delay cycle of cells without refractory period (\(cycle.map { populations[$0].name }.joined(separator: " -> "))) "
                        + "can fire for ever at one instant; give a projection a delay or the cells a t_refractory > 0")
                case .done: break
                }
            }
        }
    }
}

extension ProjectionDescription {
    /// Whether some connection can carry a positive weight: a plastic one
    /// that may grow above 0, a listed or drawn weight above 0, or `weight`.
    var mayExcite: Bool {
        if let plasticity { return plasticity.maximumWeight > 0 }
        if let weightDistribution { return weightDistribution.allowsPositive }
        if case let .explicit(connections) = connectivity, let weights = connections.weights { return weights.contains { $0 > 0 } }
        return weight > 0
    }
}

extension ConnectivityRule {
    /// Whether the rule can draw any connection at all.
    var connectsAny: Bool {
        switch self {
        case let .fixedProbability(p, _): p > 0
        case let .fixedInDegree(k, _): k > 0
        case .oneToOne, .allToAll: true
        case let .explicit(connections): connections.count > 0
        }
    }

    /// Whether a node may connect to itself.
    var allowsAutapses: Bool {
        switch self {
        case let .fixedProbability(_, allow), let .fixedInDegree(_, allow), let .allToAll(allow): allow
        case .oneToOne, .explicit: true
        }
    }
}
