import ArgumentParser
import Foundation
import SpinSimKit

struct ReservoirEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Classify a directory of recordings with a saved reservoir model."
    )

    @Option(help: "Directory of {digit}_{speaker}_{index}.wav recordings.")
    var data: String

    @Option(help: "Model file written by `reservoir train --save`.")
    var model: String

    @Option(help: "Write features, node currents and oscillator power of chosen utterances to this HDF5 trace.")
    var out: String?

    @Option(help: "Utterances to trace (file names, comma-separated; default: the first).")
    var record: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    func run() throws {
        let names = record?.split(separator: ",").map { String($0) } ?? []
        let run = try ReservoirEvaluationRun(dataDirectory: data, modelPath: model, tracePath: out, traced: names,
                                             replacing: force, threads: threads)
        print(try run.run().summary)
    }
}
