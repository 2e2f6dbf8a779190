import Foundation
import Diagnostics
import Formats
import SynchronyTask

/// One row of a CSV file of samples.
public struct CheeseRow: Sendable, Equatable {
    /// Input spike times (task units).
    public var sample: InputSpikeTimes
    /// The label, lower-cased, when the file has a `cheese` column.
    public var cheese: String?
    /// Line in the file (the header is line 1).
    public var line: Int

    public init(sample: InputSpikeTimes, cheese: String?, line: Int) {
        self.sample = sample
        self.cheese = cheese
        self.line = line
    }
}

/// Reads the CSV files of samples of the synchrony task (the Cheddar benchmark).
///
/// Input: a header row naming the columns; `t2` and `t3` are required
/// (finite, non-negative numbers), `cheese` is optional (a non-empty label),
/// other columns are ignored. Fields may be wrapped in double quotes (no
/// embedded commas or quotes). Blank lines are skipped; CRLF line ends and a
/// UTF-8 byte-order mark are accepted.
public enum CheeseCSV {
    /// A problem with the file, or with one of its lines (line 1 is the header).
    static func rowError(_ path: String, line: Int? = nil, _ message: String) -> InputError {
        guard let line else { return InputError(input: path, message) }
        return InputError(input: path, field: line == 1 ? "line 1 (header)" : "line \(line) (row \(line - 1))", message: message)
    }

    /// 64 MiB: the shipped benchmark is 28 KB.
    public static let largestFile = 64 << 20

    public static func read(path: String) throws(InputError) -> [CheeseRow] {
        try parse(try InputFile.readText(path, limit: largestFile, what: "a CSV of samples"), path: path)
    }

    /// Parses CSV text; `path` only names the source in errors.
    public static func parse(_ text: String, path: String) throws(InputError) -> [CheeseRow] {
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        // Split on unicode scalars: Swift treats "\r\n" as one Character.
        let rawLines = body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0)).trimmingCharacters(in: CharacterSet(charactersIn: "\r"))
        }
        guard let headerIndex = rawLines.firstIndex(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
            throw rowError(path, "empty file (expected a header row with columns t2 and t3)")
        }
        let header = fields(rawLines[headerIndex]).map { $0.lowercased() }
        let headerLine = headerIndex + 1
        func column(_ name: String, required: Bool) throws(InputError) -> Int? {
            let matches = header.indices.filter { header[$0] == name }
            if matches.count > 1 { throw rowError(path, line: headerLine, "column \(name) appears twice") }
            if matches.isEmpty && required {
                throw rowError(path, line: headerLine, "missing column \(name) (columns: \(header.joined(separator: ",")))")
            }
            return matches.first
        }
        let t2Column = try column("t2", required: true)!
        let t3Column = try column("t3", required: true)!
        let cheeseColumn = try column("cheese", required: false)
        var rows: [CheeseRow] = []
        for index in (headerIndex + 1)..<rawLines.count {
            let raw = rawLines[index]
            if raw.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let line = index + 1
            let values = fields(raw)
            guard values.count == header.count else {
                throw rowError(path, line: line, "expected \(header.count) fields, found \(values.count)")
            }
            func time(_ column: Int, _ name: String) throws(InputError) -> Double {
                let field = values[column]
                guard let value = Double(field) else {
                    throw rowError(path, line: line, "\(name) is not a number: '\(field)'")
                }
                guard value.isFinite else { throw rowError(path, line: line, "\(name) is not finite: '\(field)'") }
                guard value >= 0 else { throw rowError(path, line: line, "\(name) must be >= 0 (got \(field))") }
                return value
            }
            let sample = InputSpikeTimes(t2: try time(t2Column, "t2"), t3: try time(t3Column, "t3"))
            var label: String?
            if let cheeseColumn {
                let name = values[cheeseColumn].lowercased()
                guard !name.isEmpty else { throw rowError(path, line: line, "empty cheese label") }
                label = name
            }
            rows.append(CheeseRow(sample: sample, cheese: label, line: line))
        }
        guard !rows.isEmpty else { throw rowError(path, "no data rows after the header") }
        return rows
    }

    /// Fields of one line, trimmed, with surrounding double quotes removed.
    private static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var value = field.trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
    }
}
