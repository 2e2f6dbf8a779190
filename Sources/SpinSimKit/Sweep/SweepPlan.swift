import Diagnostics

/// The points of `spinsim sweep`: every combination of the values given to
/// each `--set key=v1,v2,...`, for every seed, in a fixed order (the first
/// key varies slowest, seeds fastest), so point k is the same run whatever
/// the number of jobs.
public struct SweepPlan: Sendable, Equatable {
    /// One swept key and its values, as `--set` arguments.
    public struct Axis: Sendable, Equatable {
        public var key: String
        public var values: [String]
    }

    public struct Point: Sendable, Equatable {
        public var index: Int
        /// (key, value) for each axis.
        public var settings: [(key: String, value: String)]
        public var seed: UInt64?

        /// The `--set` arguments of this point.
        public var overrides: [String] { settings.map { "\($0.key)=\($0.value)" } }

        public static func == (a: Point, b: Point) -> Bool {
            a.index == b.index && a.seed == b.seed && a.overrides == b.overrides
        }
    }

    public var axes: [Axis]
    /// nil: the file's seed.
    public var seeds: [UInt64]?

    /// Reads `key=v1,v2,...` arguments (commas inside quotes, brackets or
    /// braces do not split) and seeds written as `1-5`, `1,3,7` or a mix.
    public init(sets: [String], seeds: String?) throws(InputError) {
        axes = try sets.map { (argument) throws(InputError) in
            guard let equals = argument.firstIndex(of: "="), argument.startIndex != equals else {
                throw InputError(input: "--set", "expected key=v1,v2,... (got \(argument))")
            }
            let values = Self.topLevelItems(String(argument[argument.index(after: equals)...]))
            guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
                throw InputError(input: "--set", "\(argument): every value must be non-empty")
            }
            return Axis(key: String(argument[..<equals]).trimmingCharacters(in: .whitespaces), values: values)
        }
        let keys = axes.map(\.key)
        guard Set(keys).count == keys.count else { throw InputError(input: "--set", "a key is swept twice") }
        self.seeds = try seeds.map(Self.seedList)
        guard pointCount <= 100_000 else { throw InputError(input: "--set", "\(pointCount) points; a sweep takes at most 100000") }
    }

    public var pointCount: Int { axes.reduce(1) { $0 * $1.values.count } * (seeds?.count ?? 1) }

    public var points: [Point] {
        var result: [Point] = []
        let seedList: [UInt64?] = seeds ?? [nil]
        var counters = Array(repeating: 0, count: axes.count)
        repeat {
            for seed in seedList {
                let settings = axes.indices.map { (key: axes[$0].key, value: axes[$0].values[counters[$0]]) }
                result.append(Point(index: result.count, settings: settings, seed: seed))
            }
        } while Self.increment(&counters, limits: axes.map(\.values.count))
        return result
    }

    /// The next combination, the last axis fastest; false after the last.
    private static func increment(_ counters: inout [Int], limits: [Int]) -> Bool {
        for axis in counters.indices.reversed() {
            counters[axis] += 1
            if counters[axis] < limits[axis] { return true }
            counters[axis] = 0
        }
        return false
    }

    /// Items separated by commas outside quotes, brackets and braces.
    static func topLevelItems(_ text: String) -> [String] {
        var items: [String] = [], current = "", depth = 0, quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if "[{".contains(character) {
                depth += 1
            } else if "]}".contains(character) {
                depth -= 1
            } else if character == ",", depth == 0 {
                items.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
                continue
            }
            current.append(character)
        }
        items.append(current.trimmingCharacters(in: .whitespaces))
        return items
    }

    static func seedList(_ text: String) throws(InputError) -> [UInt64] {
        var seeds: [UInt64] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = UInt64(bounds[0]), let high = UInt64(bounds.last!), low <= high,
                  high - low < 100_000 else {
                throw InputError(input: "--seeds", "expected seeds such as 1-5 or 1,3,7 (got \(text))")
            }
            seeds += Array(low...high)
        }
        return seeds
    }
}
