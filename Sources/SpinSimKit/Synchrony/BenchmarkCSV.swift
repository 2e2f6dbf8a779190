import Diagnostics
import Formats
import Foundation
import SynchronyTask

/// The benchmark's CSV format (datasets/cheese/benchmark.csv): columns
/// talker,vowel,cheese,f1_hz,f2_hz,t2,t3, one row per vowel token.
///
/// Reading goes through `CheeseCSV` (t2, t3, cheese and all its checks);
/// this adds the talker and vowel columns it ignores, which held-out
/// evaluation needs (folds by talker, excluding tokens already used).
public enum BenchmarkCSV {
    public static let header = "talker,vowel,cheese,f1_hz,f2_hz,t2,t3"

    /// One token as the benchmark writes it.
    public struct Row: Sendable, Equatable {
        public var talker: String
        public var vowel: String
        public var cheese: String
        public var f1Hz: Double
        public var f2Hz: Double
        public var sample: InputSpikeTimes

        public init(talker: String, vowel: String, cheese: String, f1Hz: Double, f2Hz: Double, sample: InputSpikeTimes) {
            self.talker = talker
            self.vowel = vowel
            self.cheese = cheese
            self.f1Hz = f1Hz
            self.f2Hz = f2Hz
            self.sample = sample
        }
    }

    /// A file's rows, with the talker and vowel of each row when the file has those columns.
    public struct Contents: Sendable {
        public let path: String
        public let rows: [CheeseRow]
        public let talkers: [String]?
        public let vowels: [String]?
    }

    /// The file's text: the header, then one line per row; t2 and t3 with 4
    /// decimals as in the shipped benchmark, formants as the database gives them.
    public static func text(_ rows: [Row]) -> String {
        func hertz(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : "\(value)" }
        return rows.reduce(header + "\n") { text, row in
            text + [row.talker, row.vowel, row.cheese, hertz(row.f1Hz), hertz(row.f2Hz),
                    String(format: "%.4f", row.sample.t2), String(format: "%.4f", row.sample.t3)]
                .joined(separator: ",") + "\n"
        }
    }

    public static func read(path: String) throws(InputError) -> Contents {
        let text = try InputFile.readText(path, limit: CheeseCSV.largestFile, what: "a CSV of samples")
        let rows = try CheeseCSV.parse(text, path: path)
        // CheeseCSV has checked the header and every row's field count; its
        // line numbers index the same split into lines.
        var body = Substring(text)
        if body.hasPrefix("\u{FEFF}") { body = body.dropFirst() }
        let lines = body.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        let headerLine = lines.firstIndex { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }!
        let header = fields(lines[headerLine]).map { $0.lowercased() }
        func column(_ name: String) throws(InputError) -> [String]? {
            guard let index = header.firstIndex(of: name) else { return nil }
            guard header.lastIndex(of: name) == index else {
                throw CheeseCSV.rowError(path, line: headerLine + 1, "column \(name) appears twice")
            }
            return try rows.map { (row) throws(InputError) in
                let value = fields(lines[row.line - 1])[index]
                guard !value.isEmpty else { throw CheeseCSV.rowError(path, line: row.line, "empty \(name)") }
                return value
            }
        }
        return Contents(path: path, rows: rows, talkers: try column("talker"), vowels: try column("vowel"))
    }

    /// Fields of one line as `CheeseCSV` splits them: on commas, trimmed, surrounding quotes removed.
    private static func fields(_ line: String) -> [String] {
        line.split(separator: ",", omittingEmptySubsequences: false).map { field in
            var value = field.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            return value
        }
    }
}
