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
    /// vowels never aim at one answer. A vowel left without a pattern (more
    /// vowels than distinct patterns seen) has no target (nil).
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
        return targets
    }

    private struct Pair: Hashable {
        var vowel: Int
        var pattern: LockPattern
    }
}
