import Diagnostics
import Foundation
/// A TOML parser for network files, written for robustness: any input ends in
/// a value or a `InputError` naming the line and column, never a crash (a
/// fuzz test feeds it thousands of mutated files).
///
/// Supported: comments; bare, quoted and dotted keys; `[table]` and
/// `[[array of tables]]` headers; basic ("...") and literal ('...') strings;
/// integers (decimal, with `_` separators, hex/octal/binary); floats
/// (including `inf` and `nan`); booleans; arrays (across lines, trailing
/// comma allowed); inline tables. Not supported, each with a clear error:
/// multi-line strings and dates/times, which network files do not need.
struct TOMLParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    /// The document as it is built: tables are edited in place, so a key
    /// costs the length of its path, never a copy of what came before (with
    /// value-type tables every `[[population]]` copied all earlier ones).
    private let root = TableNode()

    /// Keys and table names have at most this many dotted parts, and values
    /// nest at most this deep: every walk over the tree is then shallow.
    static let maximumDepth = 64

    static func parse(_ text: String) throws(InputError) -> ConfigValue {
        var parser = TOMLParser(bytes: Array(text.utf8))
        return try parser.document()
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    // MARK: Errors and characters

    private func error(_ message: String) -> InputError {
        InputError(field: "", message: "TOML syntax error at line \(line), column \(index - lineStart + 1): \(message)")
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func advance() {
        if current == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    private mutating func skipSpaces() {
        while let byte = current, byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { advance() }
    }

    /// Skips spaces, comments and line breaks.
    private mutating func skipBlank() {
        while let byte = current {
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                advance()
            } else if byte == UInt8(ascii: "#") {
                while let next = current, next != UInt8(ascii: "\n") { advance() }
            } else {
                return
            }
        }
    }

    /// After a value or header: only spaces and a comment before the line ends.
    private mutating func endOfLine() throws(InputError) {
        skipSpaces()
        if current == UInt8(ascii: "#") { while let next = current, next != UInt8(ascii: "\n") { advance() } }
        if current == UInt8(ascii: "\r") { advance() }
        guard current == nil || current == UInt8(ascii: "\n") else { throw error("expected the end of the line") }
    }

    private static func isBare(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    // MARK: Document structure

    private mutating func document() throws(InputError) -> ConfigValue {
        var table = root  // the table the last header opened
        var tablePath: [String] = []
        while true {
            skipBlank()
            guard let byte = current else { break }
            if byte == UInt8(ascii: "[") {
                advance()
                let isArray = current == UInt8(ascii: "[")
                if isArray { advance() }
                skipSpaces()
                let key = try keyPath()
                skipSpaces()
                guard current == UInt8(ascii: "]") else { throw error("expected ']' after the table name") }
                advance()
                let name = key.joined(separator: ".")
                if isArray {
                    guard current == UInt8(ascii: "]") else { throw error("expected ']]' after the table name") }
                    advance()
                    let parent = try walk(root, key.dropLast())
                    switch parent.entries[key[key.count - 1]] {
                    case nil:
                        let tables = TableArray()
                        parent.entries[key[key.count - 1]] = .tables(tables)
                        table = tables.append()
                    case let .tables(tables)?: table = tables.append()
                    default: throw error("[[\(name)]] conflicts with an earlier value")
                    }
                } else {
                    table = try walk(root, key[...])
                    guard !table.definedByHeader else { throw error("table [\(name)] defined twice") }
                    table.definedByHeader = true
                }
                try endOfLine()
                tablePath = key
            } else {
                let key = try keyPath()
                skipSpaces()
                guard current == UInt8(ascii: "=") else { throw error("expected '=' after the key") }
                advance()
                skipSpaces()
                let value = try value(depth: 0)
                try assign(value, in: table, key: key, fullName: (tablePath + key).joined(separator: "."))
                try endOfLine()
            }
        }
        return root.value
    }

    private mutating func keyPath() throws(InputError) -> [String] {
        var parts: [String] = []
        while true {
            guard parts.count < Self.maximumDepth else { throw error("key with more than \(Self.maximumDepth) parts") }
            skipSpaces()
            guard let byte = current else { throw error("expected a key") }
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                parts.append(try string())
            } else {
                let start = index
                while let next = current, Self.isBare(next) { advance() }
                guard index > start else { throw error("expected a key") }
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
            }
            skipSpaces()
            guard current == UInt8(ascii: ".") else { return parts }
            advance()
        }
    }

    /// The table at `path` under `table`, created where missing; a path
    /// through an array of tables goes to its last table, as TOML specifies.
    private func walk(_ table: TableNode, _ path: ArraySlice<String>) throws(InputError) -> TableNode {
        var table = table
        for name in path {
            switch table.entries[name] {
            case nil:
                let inner = TableNode()
                table.entries[name] = .table(inner)
                table = inner
            case let .table(inner)?: table = inner
            case let .tables(tables)?: table = tables.last
            case .value?: throw error("\(name) is a value, not a table")
            }
        }
        return table
    }

    private func assign(_ value: ConfigValue, in table: TableNode, key: [String], fullName: String) throws(InputError) {
        let parent = try walk(table, key.dropLast())
        guard parent.entries[key[key.count - 1]] == nil else { throw error("key \(fullName) is defined twice") }
        parent.entries[key[key.count - 1]] = .value(value)
    }

    // MARK: Values

    private mutating func value(depth: Int) throws(InputError) -> ConfigValue {
        guard depth < Self.maximumDepth else { throw error("values nested more than \(Self.maximumDepth) deep") }
        guard let byte = current else { throw error("expected a value") }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"): return .string(try string())
        case UInt8(ascii: "["): return try array(depth: depth)
        case UInt8(ascii: "{"): return try inlineTable(depth: depth)
        default: return try scalar()
        }
    }

    private mutating func string() throws(InputError) -> String {
        let quote = current!
        advance()
        if current == quote, index + 1 < bytes.count, bytes[index + 1] == quote {
            throw error("multi-line strings are not supported")
        }
        var result: [UInt8] = []
        while true {
            guard let byte = current, byte != UInt8(ascii: "\n") else { throw error("unterminated string") }
            advance()
            if byte == quote { break }
            if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                guard let escaped = current else { throw error("unterminated string") }
                advance()
                switch escaped {
                case UInt8(ascii: "n"): result.append(10)
                case UInt8(ascii: "t"): result.append(9)
                case UInt8(ascii: "r"): result.append(13)
                case UInt8(ascii: "b"): result.append(8)
                case UInt8(ascii: "f"): result.append(12)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): result.append(escaped)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let digits = escaped == UInt8(ascii: "u") ? 4 : 8
                    guard index + digits <= bytes.count,
                          let code = UInt32(String(decoding: bytes[index..<index + digits], as: UTF8.self), radix: 16),
                          let scalar = Unicode.Scalar(code)
                    else { throw error("invalid unicode escape") }
                    for _ in 0..<digits { advance() }
                    result += Array(String(Character(scalar)).utf8)
                default: throw error("invalid escape sequence")
                }
            } else {
                result.append(byte)
            }
        }
        guard let text = String(validating: result, as: UTF8.self) else { throw error("string is not valid UTF-8") }
        return text
    }

    private mutating func array(depth: Int) throws(InputError) -> ConfigValue {
        advance()  // [
        var items: [ConfigValue] = []
        while true {
            skipBlank()
            guard let byte = current else { throw error("unterminated array") }
            if byte == UInt8(ascii: "]") { advance(); return .array(items) }
            items.append(try value(depth: depth + 1))
            skipBlank()
            if current == UInt8(ascii: ",") { advance(); continue }
            guard current == UInt8(ascii: "]") else { throw error("expected ',' or ']' in the array") }
        }
    }

    private mutating func inlineTable(depth: Int) throws(InputError) -> ConfigValue {
        advance()  // {
        let table = TableNode()
        skipSpaces()
        if current == UInt8(ascii: "}") { advance(); return table.value }
        while true {
            let key = try keyPath()
            skipSpaces()
            guard current == UInt8(ascii: "=") else { throw error("expected '=' in the inline table") }
            advance()
            skipSpaces()
            try assign(try value(depth: depth + 1), in: table, key: key, fullName: key.joined(separator: "."))
            skipSpaces()
            if current == UInt8(ascii: ",") { advance(); skipSpaces(); continue }
            guard current == UInt8(ascii: "}") else { throw error("expected ',' or '}' in the inline table") }
            advance()
            return table.value
        }
    }

    /// Booleans and numbers: the token runs to the next delimiter.
    private mutating func scalar() throws(InputError) -> ConfigValue {
        let start = index
        while let byte = current, !" \t\r\n,]}#".utf8.contains(byte) { advance() }
        let token = String(decoding: bytes[start..<index], as: UTF8.self)
        switch token {
        case "": throw error("expected a value")
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf": return .double(.infinity)
        case "-inf": return .double(-.infinity)
        case "nan", "+nan", "-nan": return .double(.nan)
        default: break
        }
        if token.contains(":") || (token.count >= 10 && token.dropFirst(4).first == "-" && token.first?.isNumber == true) {
            throw error("dates and times are not supported")
        }
        if token.hasPrefix("0x") || token.hasPrefix("0o") || token.hasPrefix("0b") {
            let radix = token.hasPrefix("0x") ? 16 : token.hasPrefix("0o") ? 8 : 2
            guard let number = Int(token.dropFirst(2).replacingOccurrences(of: "_", with: ""), radix: radix) else {
                throw error("invalid number \(token)")
            }
            return .integer(number)
        }
        guard !token.hasPrefix("_"), !token.hasSuffix("_"), !token.contains("__") else { throw error("invalid number \(token)") }
        let digits = token.replacingOccurrences(of: "_", with: "")
        let isFloat = digits.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
        if !isFloat {
            guard let number = Int(digits) else {
                throw error(digits.allSatisfy({ $0.isNumber || $0 == "-" || $0 == "+" }) ? "integer \(token) out of range" : "invalid value \(token)")
            }
            return .integer(number)
        }
        guard digits.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }), let number = Double(digits) else {
            throw error("invalid value \(token)")
        }
        return .double(number)
    }
}


/// A table of the document under construction (a reference, edited in place).
private final class TableNode {
    var entries: [String: Entry] = [:]
    /// Whether a `[header]` named this table: a second one is an error.
    var definedByHeader = false

    enum Entry {
        case value(ConfigValue)
        case table(TableNode)
        case tables(TableArray)
    }

    /// The finished table. Recursion depth is bounded by the key and value depth limits.
    var value: ConfigValue {
        .table(entries.mapValues { entry in
            switch entry {
            case let .value(value): value
            case let .table(table): table.value
            case let .tables(tables): .array(tables.tables.map(\.value))
            }
        })
    }
}

/// An `[[array of tables]]`, a reference so `[[...]]` appends in place.
private final class TableArray {
    var tables: [TableNode] = []
    var last: TableNode { tables[tables.count - 1] }

    func append() -> TableNode {
        tables.append(TableNode())
        return last
    }
}
