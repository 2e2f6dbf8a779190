import Diagnostics
import Formats

/// One `--set key=value`: a value of a network file replaced (or added)
/// after the file is parsed and before it is read, so the value meets the
/// same schema, units, bounds and errors as if it had been written there.
///
/// The key is the value's path in the file, with array elements picked by
/// their `name` or their index: `population.excitatory.tau_m`,
/// `projection.0.weight`, `record.sample_interval`, `seed`. The value is
/// TOML (`"10 ms"`, `0.2`, `[1, 2]`, `{ rule = "one_to_one" }`); text that is
/// not TOML is taken as a string, so `tau_m=10 ms` needs no inner quotes.
public struct NetworkOverride: Sendable, Equatable {
    public var path: [String]
    public var value: ConfigValue
    /// As given, for errors.
    public var text: String

    public init(path: [String], value: ConfigValue, text: String) {
        self.path = path
        self.value = value
        self.text = text
    }

    /// Reads `key=value`.
    public static func parse(_ argument: String) throws(InputError) -> NetworkOverride {
        let refusal = InputError(input: "--set", "expected key=value, e.g. population.excitatory.tau_m=\"10 ms\" (got \(argument))")
        guard let equals = argument.firstIndex(of: "=") else { throw refusal }
        let key = argument[..<equals].trimmingCharacters(in: .whitespaces)
        let valueText = argument[argument.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        let path = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !key.isEmpty, !valueText.isEmpty, path.allSatisfy({ !$0.isEmpty }), path.count <= 64 else { throw refusal }
        let value: ConfigValue
        if case let .table(table)? = try? ConfigValue.parseTOML("v = \(valueText)"), let parsed = table["v"] {
            value = parsed
        } else {
            value = .string(valueText)
        }
        return NetworkOverride(path: path, value: value, text: argument)
    }

    /// `root` with the value set at the path; an element or key the path
    /// passes through must exist, except tables, which are created.
    func apply(to root: ConfigValue) throws(InputError) -> ConfigValue {
        try Self.set(value, at: path[...], in: root, override: self)
    }

    private static func set(_ value: ConfigValue, at path: ArraySlice<String>, in node: ConfigValue,
                            override: NetworkOverride) throws(InputError) -> ConfigValue {
        guard let head = path.first else { return value }
        let reached = override.path[..<path.startIndex].joined(separator: ".")
        func fail(_ message: String) -> InputError {
            InputError(input: "--set \(override.text)", message)
        }
        switch node {
        case var .table(table):
            let child = table[head] ?? .table([:])
            table[head] = path.count == 1 ? value : try set(value, at: path.dropFirst(), in: child, override: override)
            return .table(table)
        case var .array(items):
            let index = Int(head).flatMap { items.indices.contains($0) ? $0 : nil } ?? items.firstIndex {
                if case let .table(table) = $0, table["name"] == .string(head) { true } else { false }
            }
            guard let index else {
                throw fail("\(reached) has no element named or numbered \(head) (it has \(items.count))")
            }
            items[index] = try set(value, at: path.dropFirst(), in: items[index], override: override)
            return .array(items)
        default:
            throw fail("\(reached) is a value (\(node.typeName)), not a table")
        }
    }
}
