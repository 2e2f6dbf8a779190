import Diagnostics
import EventCore
import Foundation

extension ConnectivityRule {
    /// The connections onto the target nodes `targets` as a fan-out table,
    /// and each one's own weight in table order when the rule lists them
    /// (explicit connections) or `drawn` gives a law to draw them from (its
    /// streams keyed by `drawn.key` and the target node); nil otherwise.
    /// Random rules are drawn by `fanOut`.
    func connections(sourceCount: Int, targets: Range<Int>, samePopulation: Bool, seed: UInt64, key: StreamKey,
                     drawn: (law: WeightDistribution, key: StreamKey)? = nil) throws(InputError) -> (table: FanOutTable, weights: [Double]?) {
        if case let .explicit(listed) = self {
            return try listed.fanOut(sourceCount: sourceCount, targets: targets, drawn: drawn, seed: seed)
        }
        return try fanOut(sourceCount: sourceCount, targets: targets, samePopulation: samePopulation, seed: seed, key: key, drawn: drawn)
    }

    /// Draws the connections onto the target nodes `targets` (population
    /// indices) from `sourceCount` source nodes, target by target: target j's
    /// sources come from its own random stream `key.with(j)`, so any range of
    /// targets is built alone exactly as within the whole network, and adding
    /// other projections or populations changes nothing here.
    ///
    /// The result is stored by source (CSR), as delivery needs it; rows list
    /// target indices relative to `targets.lowerBound` in increasing order.
    /// Two passes over the same streams (count, then fill) build the table
    /// without a list of pairs, so memory stays near the table's size.
    /// `samePopulation` says whether source and target nodes with equal index
    /// are the same node. With `drawn`, each connection's weight is drawn in
    /// the fill pass from its target's weight stream, one draw per source in
    /// increasing order, and returned in table order.
    /// - Complexity: O(connections + sources + targets).
    func fanOut(sourceCount: Int, targets: Range<Int>, samePopulation: Bool, seed: UInt64, key: StreamKey,
                drawn: (law: WeightDistribution, key: StreamKey)? = nil) throws(InputError) -> (table: FanOutTable, weights: [Double]?) {
        var rowStart = [Int](repeating: 0, count: sourceCount + 1)
        var sources: [Int] = []
        for target in targets {
            self.sources(onto: target, sourceCount: sourceCount, samePopulation: samePopulation,
                         random: Xoshiro256StarStar(seed: seed, key: key.with(UInt64(target))), into: &sources)
            for source in sources { rowStart[source + 1] += 1 }
        }
        for index in 0..<sourceCount { rowStart[index + 1] += rowStart[index] }
        var fill = rowStart
        var table = [UInt32](repeating: 0, count: rowStart[sourceCount])
        var tableWeights = drawn.map { _ in [Double](repeating: 0, count: table.count) }
        for target in targets {
            self.sources(onto: target, sourceCount: sourceCount, samePopulation: samePopulation,
                         random: Xoshiro256StarStar(seed: seed, key: key.with(UInt64(target))), into: &sources)
            var weights = drawn.map { TargetWeights($0.law, seed: seed, key: $0.key, target: target) }
            for source in sources {
                table[fill[source]] = UInt32(target - targets.lowerBound)
                if weights != nil { tableWeights![fill[source]] = try weights!.next() }
                fill[source] += 1
            }
        }
        return (FanOutTable(rowStart: rowStart, targets: table), tableWeights)
    }

    /// The sources connected onto `target`, in increasing order, replacing `sources`.
    private func sources(onto target: Int, sourceCount: Int, samePopulation: Bool, random: Xoshiro256StarStar,
                         into sources: inout [Int]) {
        var random = random
        sources.removeAll(keepingCapacity: true)
        switch self {
        case let .fixedProbability(p, allowAutapses):
            Self.bernoulli(p, sourceCount, excluding: samePopulation && !allowAutapses ? target : nil, &random, &sources)
        case let .fixedInDegree(k, allowAutapses):
            Self.distinct(k, sourceCount, excluding: samePopulation && !allowAutapses ? target : nil, &random, &sources)
        case .oneToOne:
            sources.append(target)
        case let .allToAll(allowAutapses):
            Self.bernoulli(1, sourceCount, excluding: samePopulation && !allowAutapses ? target : nil, &random, &sources)
        case .explicit:
            preconditionFailure("explicit connections are listed, not drawn: see connections(sourceCount:...)")
        }
    }

    /// Candidate j of a target; candidates skip the excluded node (the target itself).
    private static func candidate(_ j: Int, excluding excluded: Int?) -> Int {
        if let excluded, j >= excluded { j + 1 } else { j }
    }

    /// Independent connections with probability p, drawn by geometric skips
    /// (gap to the next connected candidate ~ floor(ln U / ln(1 - p))), so the
    /// cost is proportional to the number of connections, not of pairs.
    private static func bernoulli(_ p: Double, _ sourceCount: Int, excluding excluded: Int?,
                                  _ random: inout Xoshiro256StarStar, _ sources: inout [Int]) {
        let candidates = sourceCount - (excluded == nil ? 0 : 1)
        if p >= 1 {
            for j in 0..<max(candidates, 0) { sources.append(candidate(j, excluding: excluded)) }
            return
        }
        guard p > 0 else { return }
        let logMiss = log1p(-p)
        var j = -1
        while true {
            let gap = (log(1 - random.uniform()) / logMiss).rounded(.down)
            if gap >= Double(candidates - j - 1) { break }
            j += 1 + Int(gap)
            sources.append(candidate(j, excluding: excluded))
        }
    }

    /// k distinct sources (Floyd's sampling), sorted.
    private static func distinct(_ k: Int, _ sourceCount: Int, excluding excluded: Int?,
                                 _ random: inout Xoshiro256StarStar, _ sources: inout [Int]) {
        let candidates = sourceCount - (excluded == nil ? 0 : 1)
        precondition(k <= candidates, "in-degree exceeds the number of candidate sources")
        var chosen = Set<Int>(minimumCapacity: k)
        for j in (candidates - k)..<candidates {
            let r = Int(random.index(below: UInt64(j + 1)))
            chosen.insert(chosen.contains(r) ? j : r)
        }
        sources += chosen.sorted().map { candidate($0, excluding: excluded) }
    }
}

extension ExplicitConnections {
    /// The connections onto the target nodes `block` as a fan-out table
    /// (rows over all `sourceCount` sources, targets relative to
    /// `block.lowerBound`, increasing within a row, as the random rules
    /// give them) and their weights in table order: their own, or drawn from
    /// `drawn` target by target in the order the list holds them (nil when
    /// neither).
    /// - Complexity: O(log connections + connections onto `block` + sources).
    func fanOut(sourceCount: Int, targets block: Range<Int>, drawn: (law: WeightDistribution, key: StreamKey)? = nil,
                seed: UInt64 = 0) throws(InputError) -> (table: FanOutTable, weights: [Double]?) {
        precondition(weights == nil || drawn == nil, "listed weights and a law to draw them from (validation refuses both)")
        let positions = positions(onto: block)
        var rowStart = [Int](repeating: 0, count: sourceCount + 1)
        for position in positions { rowStart[Int(sources[position]) + 1] += 1 }
        for index in 0..<sourceCount { rowStart[index + 1] += rowStart[index] }
        var fill = rowStart
        var table = [UInt32](repeating: 0, count: positions.count)
        var tableWeights = weights != nil || drawn != nil ? [Double](repeating: 0, count: positions.count) : nil
        var drawing: (target: UInt32, weights: TargetWeights)?
        // Positions run through targets in increasing order, so each row is filled in increasing target order.
        for position in positions {
            let slot = fill[Int(sources[position])]
            table[slot] = targets[position] - UInt32(block.lowerBound)
            if let weights {
                tableWeights![slot] = weights[position]
            } else if let drawn {
                if drawing?.target != targets[position] {
                    drawing = (targets[position], TargetWeights(drawn.law, seed: seed, key: drawn.key, target: Int(targets[position])))
                }
                tableWeights![slot] = try drawing!.weights.next()
            }
            fill[Int(sources[position])] += 1
        }
        return (FanOutTable(rowStart: rowStart, targets: table), tableWeights)
    }
}
