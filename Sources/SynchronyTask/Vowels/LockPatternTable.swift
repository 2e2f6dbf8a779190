/// The read-out from lock patterns to vowels, filled on training tokens:
/// each pattern seen names the vowel most often seen with it (the lower
/// vowel index on a tie). A pattern never seen in training takes the vowel
/// of the nearest seen pattern (fewest oscillators in another state; on a
/// tie the pattern seen most often, then the lower code), so every pattern
/// has an answer and the answer depends on training data only.
public struct LockPatternTable: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var pattern: LockPattern
        public var vowel: Int
        /// Training tokens with this pattern, and how many of them were `vowel`.
        public var count: Int
        public var agreeing: Int

        public init(pattern: LockPattern, vowel: Int, count: Int, agreeing: Int) {
            self.pattern = pattern
            self.vowel = vowel
            self.count = count
            self.agreeing = agreeing
        }
    }

    /// In increasing pattern code.
    public let entries: [Entry]

    public init(entries: [Entry]) {
        precondition(!entries.isEmpty, "a table needs at least one pattern")
        self.entries = entries.sorted { $0.pattern < $1.pattern }
    }

    /// Majority vowel of each pattern among `patterns[k]` with label `vowels[k]`.
    public init(patterns: [LockPattern], vowels: [Int]) {
        precondition(patterns.count == vowels.count && !patterns.isEmpty, "one vowel per pattern, at least one")
        var counts: [LockPattern: [Int: Int]] = [:]
        for (p, v) in zip(patterns, vowels) { counts[p, default: [:]][v, default: 0] += 1 }
        self.init(entries: counts.map { pattern, byVowel in
            let (vowel, agreeing) = byVowel.min { ($1.value, $0.key) < ($0.value, $1.key) }!
            return Entry(pattern: pattern, vowel: vowel, count: byVowel.values.reduce(0, +), agreeing: agreeing)
        })
    }

    public func vowel(for pattern: LockPattern) -> Int {
        var best = entries[0]
        var bestKey = (pattern.distance(to: best.pattern), -best.count)
        for entry in entries.dropFirst() {
            let key = (pattern.distance(to: entry.pattern), -entry.count)
            if key < bestKey { (best, bestKey) = (entry, key) }
        }
        return best.vowel
    }

    /// The target pattern of each vowel for the learning rule: the patterns
    /// most often seen with each vowel, given out greedily by count (ties:
    /// lower vowel index, then lower code), one vowel per pattern, so two
    /// vowels never aim at one answer. A vowel whose patterns were all taken
    /// (from a start where several vowels give one answer) aims at the
    /// nearest pattern nobody holds, from its own most frequent pattern
    /// (fewest oscillators changed, then the lower code), so every vowel with
    /// training tokens has somewhere to go. A vowel without tokens gets nil.
    public static func targets(patterns: [LockPattern], vowels: [Int], vowelCount: Int) -> [LockPattern?] {
        var counts: [Pair: Int] = [:]
        for (p, v) in zip(patterns, vowels) { counts[Pair(vowel: v, pattern: p), default: 0] += 1 }
        let ranked = counts.sorted { ($1.value, $0.key.vowel, $0.key.pattern.code) < ($0.value, $1.key.vowel, $1.key.pattern.code) }
        var targets = [LockPattern?](repeating: nil, count: vowelCount)
        var used = Set<LockPattern>()
        for (pair, _) in ranked where targets[pair.vowel] == nil && !used.contains(pair.pattern) {
            targets[pair.vowel] = pair.pattern
            used.insert(pair.pattern)
        }
        var mostFrequent = [LockPattern?](repeating: nil, count: vowelCount)
        for (pair, _) in ranked where mostFrequent[pair.vowel] == nil { mostFrequent[pair.vowel] = pair.pattern }
        for v in 0..<vowelCount where targets[v] == nil {
            guard let start = mostFrequent[v], let free = nearestUnused(to: start, used: used) else { continue }
            targets[v] = free
            used.insert(free)
        }
        return targets
    }

    /// Breadth-first over single-oscillator changes: the first ring that holds
    /// an unused pattern gives its lowest code. Rings are small (2N patterns at
    /// distance 1) and `used` holds at most one pattern per vowel, so this
    /// stops early.
    private static func nearestUnused(to start: LockPattern, used: Set<LockPattern>) -> LockPattern? {
        var seen: Set<LockPattern> = [start]
        var ring = [start]
        while !ring.isEmpty {
            var next: [LockPattern] = []
            for p in ring {
                for i in p.states.indices {
                    for s: UInt8 in 0...2 where s != p.states[i] {
                        var q = p
                        q.states[i] = s
                        if seen.insert(q).inserted { next.append(q) }
                    }
                }
            }
            if let free = next.filter({ !used.contains($0) }).min() { return free }
            ring = next
        }
        return nil
    }

    private struct Pair: Hashable {
        var vowel: Int
        var pattern: LockPattern
    }
}
