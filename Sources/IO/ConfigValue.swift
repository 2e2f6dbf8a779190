import Foundation
import TOMLKit

/// A parsed configuration tree, independent of the file syntax (TOML or JSON),
/// with the exact scalar type the author wrote (so `size = "10"` is a type
/// error, not a silent conversion).
indirect enum ConfigValue: Sendable, Equatable {
    case table([String: ConfigValue])
    case array([ConfigValue])
    case string(String)
    case integer(Int)
    case double(Double)
    case bool(Bool)

    /// What a user would call this value's type, for error messages.
    var typeName: String {
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
    static func parseTOML(_ text: String) throws(ConfigError) -> ConfigValue {
        do {
            return try convert(TOMLTable(string: text))
        } catch let error as TOMLParseError {
            throw ConfigError(path: "", message: "TOML syntax error at line \(error.source.begin.line), column \(error.source.begin.column): \(error.description)")
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(path: "", message: "cannot parse TOML: \(error)")
        }
    }

    private static func convert(_ value: TOMLValueConvertible) throws(ConfigError) -> ConfigValue {
        switch value.type {
        case .table:
            let table = value.table!
            var result: [String: ConfigValue] = [:]
            for key in table.keys { result[key] = try convert(table[key]!) }
            return .table(result)
        case .array: return .array(try value.array!.map { (element) throws(ConfigError) in try convert(element) })
        case .string: return .string(value.string!)
        case .int: return .integer(value.int!)
        case .double: return .double(value.double!)
        case .bool: return .bool(value.bool!)
        default: throw ConfigError(path: "", message: "dates and times are not supported in network files")
        }
    }

    /// Parses JSON text, keeping integers and booleans distinct from numbers.
    static func parseJSON(_ data: Data) throws(ConfigError) -> ConfigValue {
        do {
            return try JSONDecoder().decode(JSONNode.self, from: data).value
        } catch {
            throw ConfigError(path: "", message: "invalid JSON: \(Self.describe(error))")
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

/// A configuration problem: where (`population[1].tau_m`) and what.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Dotted path of the offending field; empty for the whole file.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
