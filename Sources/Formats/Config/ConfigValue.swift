import Foundation
import Diagnostics

/// A parsed configuration tree, independent of the file syntax (TOML or JSON),
/// with the exact scalar type the author wrote (so `size = "10"` is a type
/// error, not a silent conversion).
public indirect enum ConfigValue: Sendable, Equatable {
    case table([String: ConfigValue])
    case array([ConfigValue])
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)

    /// What a user would call this value's type, for error messages.
    public var typeName: String {
        switch self {
        case .table: "a table"
        case .array: "an array"
        case .string: "a string"
        case .integer: "an integer"
        case .double: "a number"
        case .bool: "a boolean"
        }
    }

    /// Parses TOML text. Errors carry the line and column.
    public static func parseTOML(_ text: String) throws(InputError) -> ConfigValue {
        try TOMLParser.parse(text)
    }

    /// Parses JSON text, keeping integers and booleans distinct from numbers.
    public static func parseJSON(_ data: Data) throws(InputError) -> ConfigValue {
        do {
            return try JSONDecoder().decode(JSONNode.self, from: data).value
        } catch {
            throw InputError(field: "", message: "invalid JSON: \(Self.describe(error))")
        }
    }

    private static func describe(_ error: Error) -> String {
        if case let DecodingError.dataCorrupted(context) = error {
            return (context.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String ?? context.debugDescription
        }
        return "\(error)"
    }

    private struct JSONNode: Decodable {
        var value: ConfigValue
        init(from decoder: Decoder) throws {
            if let container = try? decoder.container(keyedBy: AnyKey.self) {
                var table: [String: ConfigValue] = [:]
                for key in container.allKeys { table[key.stringValue] = try container.decode(JSONNode.self, forKey: key).value }
                value = .table(table)
            } else if var container = try? decoder.unkeyedContainer() {
                var array: [ConfigValue] = []
                while !container.isAtEnd { array.append(try container.decode(JSONNode.self).value) }
                value = .array(array)
            } else {
                let container = try decoder.singleValueContainer()
                if let bool = try? container.decode(Bool.self) {
                    value = .bool(bool)
                } else if let integer = try? container.decode(Int.self) {
                    value = .integer(integer)
                } else if let double = try? container.decode(Double.self) {
                    value = .double(double)
                } else {
                    value = .string(try container.decode(String.self))
                }
            }
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

