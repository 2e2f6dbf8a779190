import Diagnostics
import Foundation

/// Reads the vowel database of Hillenbrand, Getty, Clark and Wheeler (1995),
/// `vowdata.dat`: a free-text header, then one line per token of 16
/// whitespace-separated columns: the token name (`w03aw`: group letter,
/// two-digit talker number, two-letter vowel), duration (ms), f0, F1-F4 at
/// steady state, and F1-F3 at 20, 50 and 80 % of the duration (Hz).
///
/// The header is whatever precedes the first line whose first word is a token
/// name (`[mwbg][0-9][0-9][a-z][a-z]`), so its wording does not matter. After
/// that, every non-blank line must be a token: a line that is not, has
/// another number of columns, a value that is not a finite non-negative number,
/// or a token name seen before, is an error naming the file and the line.
/// Zero means "not measurable" in the database and is read as nil. CRLF line
/// ends are accepted.
public enum VowelDatabase {
    /// What the 15 numeric columns hold, in file order (columns 2-16), as errors name them.
    static let columnNames = [
        "duration", "f0", "F1 steady state", "F2 steady state", "F3 steady state", "F4 steady state",
        "F1 at 20%", "F2 at 20%", "F3 at 20%", "F1 at 50%", "F2 at 50%", "F3 at 50%",
        "F1 at 80%", "F2 at 80%", "F3 at 80%",
    ]

    public static func read(path: String) throws(InputError) -> [VowelToken] {
        // 16 MiB: Hillenbrand's vowdata.dat is 200 KB.
        try parse(try InputFile.readText(path, limit: 16 << 20, what: "a vowel database"), path: path)
    }

    /// Parses the text of a database file; `path` only names the source in errors.
    public static func parse(_ text: String, path: String) throws(InputError) -> [VowelToken] {
        // Split on unicode scalars: Swift treats "\r\n" as one Character.
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        var tokens: [VowelToken] = []
        var firstLine: [String: Int] = [:]
        for (index, raw) in lines.enumerated() {
            let words = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = words.first else { continue }
            let line = index + 1
            guard tokenParts(first) != nil else {
                if tokens.isEmpty { continue }  // still in the header
                throw InputError(input: path, field: "line \(line)",
                                 message: "expected a token name such as w03aw, found '\(first)'")
            }
            let token = try parseToken(words, line: line, path: path)
            if let earlier = firstLine[token.name] {
                throw InputError(input: path, field: "line \(line)", message: "token \(token.name) already on line \(earlier)")
            }
            firstLine[token.name] = line
            tokens.append(token)
        }
        guard !tokens.isEmpty else {
            throw InputError(input: path, "no token lines (expected lines such as 'w03aw 326 186 772 1051 ...')")
        }
        return tokens
    }

    /// Group, talker and vowel of a token name, or nil if `word` is not one.
    static func tokenParts(_ word: String) -> (group: VowelToken.Group, talker: String, vowel: String)? {
        let characters = Array(word)
        guard characters.count == 5, let group = VowelToken.Group(rawValue: characters[0]),
              characters[1...2].allSatisfy({ $0.isASCII && $0.isNumber }),
              characters[3...4].allSatisfy({ $0.isASCII && $0.isLowercase })
        else { return nil }
        return (group, String(characters[0...2]), String(characters[3...4]))
    }

    private static func parseToken(_ words: [String], line: Int, path: String) throws(InputError) -> VowelToken {
        func failure(_ message: String) -> InputError { InputError(input: path, field: "line \(line)", message: message) }
        guard words.count == 1 + columnNames.count else {
            throw failure("expected \(1 + columnNames.count) columns, found \(words.count)")
        }
        var values: [Double?] = []
        for (column, (word, name)) in zip(words.dropFirst(), columnNames).enumerated() {
            let label = "\(name) (column \(column + 2))"
            guard let value = Double(word) else { throw failure("\(label) is not a number: '\(word)'") }
            guard value.isFinite else { throw failure("\(label) is not finite: '\(word)'") }
            guard value >= 0 else { throw failure("\(label) must be >= 0 (got \(word))") }
            values.append(value == 0 ? nil : value)
        }
        let parts = tokenParts(words[0])!
        func formants(_ start: Int) -> VowelToken.Formants {
            VowelToken.Formants(f1: values[start], f2: values[start + 1], f3: values[start + 2])
        }
        return VowelToken(group: parts.group, talker: parts.talker, vowel: parts.vowel, durationMs: values[0],
                          f0: values[1], steadyState: formants(2), steadyStateF4: values[5], at20Percent: formants(6),
                          at50Percent: formants(9), at80Percent: formants(12), line: line)
    }
}
