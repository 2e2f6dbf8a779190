/// Connections listed one by one (a SONATA edge population), each with its
/// own weight if `weights` is given. Kept sorted by (target, source), so the
/// connections onto any block of targets are one contiguous run found by
/// binary search: a `Partition` builds exactly its own targets' connections
/// without looking at the others (target-centric, as for the random rules).
/// Repeated pairs are kept: they are separate synapses (multapses).
public struct ExplicitConnections: Sendable, Hashable, Codable {
    /// Source population node index of each connection.
    public private(set) var sources: [UInt32]
    /// Target population node index of each connection (non-decreasing).
    public private(set) var targets: [UInt32]
    /// Each connection's weight, in the unit of the target model's
    /// `weightDimension`; nil: every connection has the projection's `weight`.
    public private(set) var weights: [Double]?

    /// Connection i joins `sources[i]` to `targets[i]`, with weight
    /// `weights?[i]`; the order given does not matter (sorted here, stably,
    /// so repeated pairs keep their order).
    public init(sources: [UInt32], targets: [UInt32], weights: [Double]? = nil) {
        precondition(sources.count == targets.count && (weights?.count ?? sources.count) == sources.count,
                     "one source, target (and weight) per connection")
        let order = sources.indices.sorted { (targets[$0], sources[$0], $0) < (targets[$1], sources[$1], $1) }
        self.sources = order.map { sources[$0] }
        self.targets = order.map { targets[$0] }
        self.weights = weights.map { weights in order.map { weights[$0] } }
    }

    public var count: Int { targets.count }

    /// Positions of the connections onto targets in `block`.
    func positions(onto block: Range<Int>) -> Range<Int> {
        firstPosition(notBelow: block.lowerBound)..<firstPosition(notBelow: block.upperBound)
    }

    private func firstPosition(notBelow target: Int) -> Int {
        var (low, high) = (0, targets.count)
        while low < high {
            let middle = (low + high) / 2
            if Int(targets[middle]) < target { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

extension ExplicitConnections {
    /// Decoded through `init`, so a stored list (a checkpoint edited by hand)
    /// is sorted again and its sizes checked rather than trusted.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let sources = try container.decode([UInt32].self, forKey: .sources)
        let targets = try container.decode([UInt32].self, forKey: .targets)
        let weights = try container.decodeIfPresent([Double].self, forKey: .weights)
        guard sources.count == targets.count, (weights?.count ?? sources.count) == sources.count else {
            throw DecodingError.dataCorruptedError(forKey: .targets, in: container,
                                                   debugDescription: "needs one source, target (and weight) per connection")
        }
        self.init(sources: sources, targets: targets, weights: weights)
    }
}
