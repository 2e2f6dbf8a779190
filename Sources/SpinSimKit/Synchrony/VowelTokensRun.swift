import Diagnostics
import Foundation
import Formats
import SynchronyTask

/// What `spinsim cheese tokens` is asked to do, as a value.
public struct VowelTokensOptions: Sendable {
    /// The vowel database (Hillenbrand 1995 vowdata.dat format).
    public var vowdataPath: String
    /// The benchmark-format CSV to write.
    public var outPath: String
    /// A benchmark-format CSV (columns talker, vowel) whose tokens are left out.
    public var excludePath: String?
    /// Whether an existing file at `outPath` may be replaced.
    public var replacing = false
    public var selection = VowelTokenSelection()

    public init(vowdataPath: String, outPath: String) {
        self.vowdataPath = vowdataPath
        self.outPath = outPath
    }
}

/// One `spinsim cheese tokens` run: reads the database and the exclusions,
/// selects the tokens and writes them atomically.
public struct VowelTokensRun: Sendable {
    public let options: VowelTokensOptions
    public let tokens: [VowelToken]

    /// Reads the inputs and checks the output may be written (never over an input, even with --force).
    public init(options: VowelTokensOptions) throws(InputError) {
        var options = options
        try OutputPolicy.checkDistinct(outputs: [.init("--out", options.outPath)],
                                       inputs: [.init("--vowdata", options.vowdataPath)] + (options.excludePath.map { [.init("--exclude", $0)] } ?? []))
        tokens = try VowelDatabase.read(path: options.vowdataPath)
        if let excludePath = options.excludePath {
            let contents = try BenchmarkCSV.read(path: excludePath)
            guard let talkers = contents.talkers, let vowels = contents.vowels else {
                throw InputError(input: excludePath, message: "excluding tokens needs talker and vowel columns")
            }
            options.selection.excluded.formUnion(zip(talkers, vowels).map { $0 + $1 })
        }
        try OutputPolicy.check(options.outPath, replacing: options.replacing)
        self.options = options
    }

    /// Selects and writes the tokens.
    public func run() throws(InputError) -> VowelTokensResult {
        let selection = options.selection.select(tokens)
        try AtomicOutput.write(Data(BenchmarkCSV.text(selection.rows).utf8), to: options.outPath, replacing: options.replacing)
        return VowelTokensResult(options: options, selection: selection)
    }
}

/// What `cheese tokens` wrote and skipped, and the table it prints.
public struct VowelTokensResult: Sendable {
    public let options: VowelTokensOptions
    public let selection: VowelTokenSelection.Result

    public var summary: String {
        let classes = options.selection.classes
        let written = classes.map { vowelClass in selection.rows.filter { $0.cheese == vowelClass.cheese }.count }
        var lines = ["wrote \(selection.rows.count) tokens to \(options.outPath)"]
        let table = [["class", "vowel", "written", "F1/F2 not measurable", "excluded"]]
            + classes.indices.map { index in
                [classes[index].cheese, classes[index].vowel, "\(written[index])", "\(selection.unmeasurable[index])",
                 "\(selection.excluded[index])"]
            }
            + [["total", "", "\(selection.rows.count)", "\(selection.unmeasurable.reduce(0, +))",
                "\(selection.excluded.reduce(0, +))"]]
        lines += aligned(table)
        if let excludePath = options.excludePath {
            let found = selection.excluded.reduce(0, +)
            lines.append("excluded: tokens listed in \(excludePath) (\(found) of \(options.selection.excluded.count) listed were in the database)")
        }
        return lines.joined(separator: "\n")
    }
}
