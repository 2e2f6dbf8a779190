import ArgumentParser
import SpinSimKit

struct VowelsEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Score a trained vowel network on any file of the database's format.",
        discussion: "By default every talker the model was not trained on is scored; --out writes phases and frequencies of chosen tokens."
    )

    @Option(help: "A vowel database in the format of vowdata.dat.")
    var data: String

    @Option(help: "A model written by `vowels train --save`.")
    var model: String

    @Option(help: "Talkers scored, comma-separated (default: those the model was not trained on).")
    var talkers: String?

    @Option(help: "Write traces (phase, frequency, power) of chosen tokens to this HDF5 file.")
    var out: String?

    @Option(help: "Tokens traced, comma-separated names such as w03aw (default: the first scored token of each vowel).")
    var traceTokens: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    func run() throws {
        var options = VowelEvaluationOptions(modelPath: model, dataPath: data)
        options.talkers = talkers.map(names)
        options.tracePath = out
        options.tracedTokens = traceTokens.map(names) ?? []
        options.replacing = force
        options.threads = threads
        print(try VowelEvaluationRun(options: options).run())
    }
}
