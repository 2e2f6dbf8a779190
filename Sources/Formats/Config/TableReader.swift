import Units
import Diagnostics
/// Reads the fields of one configuration table, checking types, and names the
/// exact field (`projection[2].connectivity.p`) in every error. `allowOnly`
/// rejects keys outside the schema before anything else is checked, so a
/// misspelt key is reported as such rather than as a missing field or, worse,
/// silently ignored.
public struct TableReader {
    public let path: String
    private let table: [String: ConfigValue]

    public init(_ value: ConfigValue, path: String) throws(InputError) {
        guard case let .table(table) = value else {
            throw InputError(field: path, message: "expected a table, got \(value.typeName)")
        }
        self.path = path
        self.table = table
    }

    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    public func error(_ key: String, _ message: String) -> InputError {
        InputError(field: fieldPath(key), message: message)
    }

    public func value(_ key: String) -> ConfigValue? { table[key] }

    public func required(_ key: String) throws(InputError) -> ConfigValue {
        guard let value = value(key) else { throw error(key, "missing required field") }
        return value
    }

    public func string(_ key: String) throws(InputError) -> String? {
        guard let value = value(key) else { return nil }
        guard case let .string(text) = value else { throw error(key, "expected a string, got \(value.typeName)") }
        return text
    }

    public func integer(_ key: String) throws(InputError) -> Int? {
        guard let value = value(key) else { return nil }
        guard case let .integer(number) = value else { throw error(key, "expected an integer, got \(value.typeName)") }
        return number
    }

    public func number(_ key: String) throws(InputError) -> Double? {
        guard let value = value(key) else { return nil }
        return try Self.number(value, path: fieldPath(key))
    }

    public static func number(_ value: ConfigValue, path: String) throws(InputError) -> Double {
        switch value {
        case let .double(number) where number.isFinite: return number
        case .double: throw InputError(field: path, message: "must be finite")
        case let .integer(number): return Double(number)
        default: throw InputError(field: path, message: "expected a number, got \(value.typeName)")
        }
    }

    public func bool(_ key: String) throws(InputError) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case let .bool(flag) = value else { throw error(key, "expected true or false, got \(value.typeName)") }
        return flag
    }

    /// A quantity such as "20 ms", converted to the internal unit.
    public func quantity(_ key: String, _ dimension: Dimension) throws(InputError) -> Double? {
        guard let value = value(key) else { return nil }
        return try Self.quantity(value, dimension, path: fieldPath(key))
    }

    public static func quantity(_ value: ConfigValue, _ dimension: Dimension, path: String) throws(InputError) -> Double {
        let units = dimension.units.map(\.symbol).joined(separator: ", ")
        // A pure number has no unit to write: a bare number (an ising weight = 2.0) is one.
        if dimension == .dimensionless, case .integer = value { return try number(value, path: path) }
        if dimension == .dimensionless, case .double = value { return try number(value, path: path) }
        guard case let .string(text) = value else {
            throw InputError(field: path, message: "expected a \(dimension.rawValue) with a unit such as \(dimension.example), got \(value.typeName)")
        }
        guard let number = dimension.parse(text) else {
            throw InputError(field: path, message: "cannot read \"\(text)\" as a \(dimension.rawValue) (a finite number and one of: \(units))")
        }
        return number
    }

    /// A string or a list of strings, as a list.
    public func names(_ key: String) throws(InputError) -> [String]? {
        guard let value = value(key) else { return nil }
        switch value {
        case let .string(name): return [name]
        case let .array(items):
            var names: [String] = []
            for (index, item) in items.enumerated() {
                guard case let .string(name) = item else {
                    throw InputError(field: "\(fieldPath(key))[\(index)]", message: "expected a string, got \(item.typeName)")
                }
                names.append(name)
            }
            return names
        default: throw error(key, "expected a name or a list of names, got \(value.typeName)")
        }
    }

    /// Throws if the table holds a key outside `keys`.
    public func allowOnly(_ keys: [String]) throws(InputError) {
        guard let unknown = table.keys.filter({ !keys.contains($0) }).sorted().first else { return }
        throw InputError(field: fieldPath(unknown), message: "unknown key (expected one of: \(keys.joined(separator: ", ")))")
    }
}
