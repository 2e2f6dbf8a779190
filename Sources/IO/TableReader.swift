/// Reads the fields of one configuration table, checking types, and names the
/// exact field (`projection[2].connectivity.p`) in every error. `finish()`
/// rejects keys nobody asked for, so a misspelt key is an error rather than a
/// silently ignored default.
struct TableReader {
    let path: String
    private let table: [String: ConfigValue]
    private var consumed: Set<String> = []

    init(_ value: ConfigValue, path: String) throws(ConfigError) {
        guard case let .table(table) = value else {
            throw ConfigError(path: path, message: "expected a table, got \(value.typeName)")
        }
        self.path = path
        self.table = table
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(path: fieldPath(key), message: message)
    }

    mutating func value(_ key: String) -> ConfigValue? {
        consumed.insert(key)
        return table[key]
    }

    mutating func required(_ key: String) throws(ConfigError) -> ConfigValue {
        guard let value = value(key) else { throw error(key, "missing required field") }
        return value
    }

    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let value = value(key) else { return nil }
        guard case let .string(text) = value else { throw error(key, "expected a string, got \(value.typeName)") }
        return text
    }

    mutating func integer(_ key: String) throws(ConfigError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case let .integer(number) = value else { throw error(key, "expected an integer, got \(value.typeName)") }
        return number
    }

    mutating func number(_ key: String) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        return try Self.number(value, path: fieldPath(key))
    }

    static func number(_ value: ConfigValue, path: String) throws(ConfigError) -> Double {
        switch value {
        case let .double(number) where number.isFinite: return number
        case .double: throw ConfigError(path: path, message: "must be finite")
        case let .integer(number): return Double(number)
        default: throw ConfigError(path: path, message: "expected a number, got \(value.typeName)")
        }
    }

    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case let .bool(flag) = value else { throw error(key, "expected true or false, got \(value.typeName)") }
        return flag
    }

    /// A quantity such as "20 ms", converted to the internal unit.
    mutating func quantity(_ key: String, _ dimension: Dimension) throws(ConfigError) -> Double? {
        guard let value = value(key) else { return nil }
        return try Self.quantity(value, dimension, path: fieldPath(key))
    }

    static func quantity(_ value: ConfigValue, _ dimension: Dimension, path: String) throws(ConfigError) -> Double {
        let units = dimension.units.map(\.symbol).joined(separator: ", ")
        guard case let .string(text) = value else {
            throw ConfigError(path: path, message: "expected a \(dimension.rawValue) with a unit such as \(dimension.example), got \(value.typeName)")
        }
        guard let number = dimension.parse(text) else {
            throw ConfigError(path: path, message: "cannot read \"\(text)\" as a \(dimension.rawValue) (a finite number and one of: \(units))")
        }
        return number
    }

    /// A string or a list of strings, as a list.
    mutating func names(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = value(key) else { return nil }
        switch value {
        case let .string(name): return [name]
        case let .array(items):
            var names: [String] = []
            for (index, item) in items.enumerated() {
                guard case let .string(name) = item else {
                    throw ConfigError(path: "\(fieldPath(key))[\(index)]", message: "expected a string, got \(item.typeName)")
                }
                names.append(name)
            }
            return names
        default: throw error(key, "expected a name or a list of names, got \(value.typeName)")
        }
    }

    /// Throws if the table holds a key that was never read.
    func finish() throws(ConfigError) {
        let unknown = table.keys.filter { !consumed.contains($0) }.sorted()
        guard let first = unknown.first else { return }
        let expected = consumed.sorted().joined(separator: ", ")
        throw ConfigError(path: fieldPath(first), message: "unknown key (expected one of: \(expected))")
    }
}
