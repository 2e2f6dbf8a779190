import Diagnostics

/// A SONATA node-types or edge-types table (`node_types.csv`,
/// `edge_types.csv`) as BMTK writes it: space-separated, a header line of
/// column names, fields with spaces in double quotes (`""` for a quote), and
/// `NULL` (or an empty field) for a value a type does not set. The first
/// column names the type id (`node_type_id`, `edge_type_id`).
public struct SONATATypesTable: Sendable {
    public let path: String
    public let columns: [String]
    /// Fields by type id; nil where the table says NULL.
    public let rows: [Int64: [String?]]

    /// Reads the table at `path`; `idColumn` must be one of its columns.
    public static func read(path: String, idColumn: String) throws(InputError) -> SONATATypesTable {
        // Tables list types, not nodes: 64 MiB is far beyond any real one.
        let text = try InputFile.readText(path, limit: 1 << 26, what: "a SONATA types table")
        var lines = text.split(whereSeparator: \.isNewline).enumerated().filter { !$0.element.allSatisfy(\.isWhitespace) }
        guard !lines.isEmpty else { throw InputError(input: path, "is empty (expected a header line of column names)") }
        let columns = try fields(lines.removeFirst().element, path: path, line: 1).map { $0 ?? "NULL" }
        guard let idIndex = columns.firstIndex(of: idColumn) else {
            throw InputError(input: path, "has no column \(idColumn) (columns: \(columns.joined(separator: ", ")))")
        }
        guard Set(columns).count == columns.count else { throw InputError(input: path, field: "line 1", message: "repeats a column name") }
        var rows: [Int64: [String?]] = [:]
        for (index, line) in lines {
            let values = try fields(line, path: path, line: index + 1)
            guard values.count == columns.count else {
                throw InputError(input: path, field: "line \(index + 1)", message: "has \(values.count) fields, the header \(columns.count)")
            }
            guard let text = values[idIndex], let id = Int64(text), id >= 0 else {
                throw InputError(input: path, field: "line \(index + 1)", message: "\(idColumn) must be an integer >= 0, got \(values[idIndex] ?? "NULL")")
            }
            guard rows.updateValue(values, forKey: id) == nil else {
                throw InputError(input: path, field: "line \(index + 1)", message: "\(idColumn) \(id) is listed twice")
            }
        }
        return SONATATypesTable(path: path, columns: columns, rows: rows)
    }

    /// The value of `column` for type `id` (nil: no such column, or NULL).
    public func value(_ column: String, type id: Int64) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return rows[id]?[index] ?? nil
    }

    /// Splits one line into fields; "NULL" and "" become nil.
    private static func fields(_ line: Substring, path: String, line number: Int) throws(InputError) -> [String?] {
        var fields: [String?] = []
        var characters = line.makeIterator()
        var current = "", quoted = false, inQuotes = false, pending: Character? = nil
        func finish() {
            fields.append(!quoted && (current.isEmpty || current == "NULL") ? nil : current)
            (current, quoted) = ("", false)
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                guard character == "\"" else { current.append(character); continue }
                let next = characters.next()
                if next == "\"" { current.append("\"") } else { inQuotes = false; pending = next }
            } else if character == "\"" {
                (inQuotes, quoted) = (true, true)
            } else if character == " " || character == "\t" {
                if !current.isEmpty || quoted { finish() }
            } else {
                current.append(character)
            }
        }
        guard !inQuotes else { throw InputError(input: path, field: "line \(number)", message: "a quoted field is not closed") }
        if !current.isEmpty || quoted { finish() }
        return fields
    }
}
