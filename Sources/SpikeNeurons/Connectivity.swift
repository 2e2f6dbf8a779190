import Foundation
import EventCore

extension ConnectivityRule {
    /// Draws the connections from `sourceCount` to `targetCount` nodes.
    /// `samePopulation` says whether source and target nodes with equal index
    /// are the same node. Memory stays near the final table's size: rows are
    /// produced in source order, never as a list of pairs.
    func fanOut(
        sourceCount: Int, targetCount: Int, samePopulation: Bool, random: inout Xoshiro256StarStar
    ) -> FanOutTable {
        switch self {
        case let .fixedProbability(p, allowAutapses):
            return Self.bernoulli(p, sourceCount, targetCount, samePopulation && !allowAutapses, &random)
        case let .fixedInDegree(k, allowAutapses):
            return Self.fixedInDegree(k, sourceCount, targetCount, samePopulation && !allowAutapses, &random)
        case .oneToOne:
            precondition(sourceCount == targetCount, "one-to-one needs equal sizes")
            return FanOutTable(rowStart: Array(0...sourceCount), targets: (0..<targetCount).map { UInt32($0) })
        case let .allToAll(allowAutapses):
            return Self.bernoulli(1, sourceCount, targetCount, samePopulation && !allowAutapses, &random)
        }
    }

    /// Candidate targets of `source` skip the source itself when autapses are excluded.
    private static func candidate(_ j: Int, of source: Int, excludingSelf: Bool) -> UInt32 {
        UInt32(excludingSelf && j >= source ? j + 1 : j)
    }

    /// Independent connections with probability p, drawn by geometric skips
    /// (gap to the next connected candidate ~ floor(ln U / ln(1 - p))), so the
    /// cost is proportional to the number of connections, not of pairs.
    private static func bernoulli(
        _ p: Double, _ sourceCount: Int, _ targetCount: Int, _ excludingSelf: Bool,
        _ random: inout Xoshiro256StarStar
    ) -> FanOutTable {
        let candidates = targetCount - (excludingSelf ? 1 : 0)
        var rowStart = [0]
        rowStart.reserveCapacity(sourceCount + 1)
        var targets: [UInt32] = []
        let expected = p * Double(candidates) * Double(sourceCount)
        targets.reserveCapacity(Int(expected + 6 * expected.squareRoot()) + 16)
        let logMiss = log1p(-p)
        for source in 0..<sourceCount {
            if p >= 1 {
                for j in 0..<max(candidates, 0) { targets.append(candidate(j, of: source, excludingSelf: excludingSelf)) }
            } else if p > 0 {
                var j = -1
                while true {
                    let gap = (log(1 - random.uniform()) / logMiss).rounded(.down)
                    if gap >= Double(candidates - j - 1) { break }
                    j += 1 + Int(gap)
                    targets.append(candidate(j, of: source, excludingSelf: excludingSelf))
                }
            }
            rowStart.append(targets.count)
        }
        return FanOutTable(rowStart: rowStart, targets: targets)
    }

    /// Each target draws k distinct sources (Floyd's sampling). Two passes over
    /// the same random stream (count, then fill) build the table by source
    /// without holding a list of pairs.
    private static func fixedInDegree(
        _ k: Int, _ sourceCount: Int, _ targetCount: Int, _ excludingSelf: Bool,
        _ random: inout Xoshiro256StarStar
    ) -> FanOutTable {
        let candidates = sourceCount - (excludingSelf ? 1 : 0)
        precondition(k <= candidates, "in-degree exceeds the number of candidate sources")
        let start = random
        func forEachConnection(_ body: (_ source: Int, _ target: Int) -> Void) {
            var chosen = Set<Int>(minimumCapacity: k)
            for target in 0..<targetCount {
                chosen.removeAll(keepingCapacity: true)
                for j in (candidates - k)..<candidates {
                    let r = Int(random.index(below: UInt64(j + 1)))
                    chosen.insert(chosen.contains(r) ? j : r)
                }
                for j in chosen.sorted() { body(Int(candidate(j, of: target, excludingSelf: excludingSelf)), target) }
            }
        }
        var rowStart = [Int](repeating: 0, count: sourceCount + 1)
        forEachConnection { source, _ in rowStart[source + 1] += 1 }
        for index in 0..<sourceCount { rowStart[index + 1] += rowStart[index] }
        random = start
        var fill = rowStart
        var targets = [UInt32](repeating: 0, count: rowStart[sourceCount])
        forEachConnection { source, target in
            targets[fill[source]] = UInt32(target)
            fill[source] += 1
        }
        return FanOutTable(rowStart: rowStart, targets: targets)
    }
}
