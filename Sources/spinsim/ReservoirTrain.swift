import ArgumentParser
import Foundation
import SpinSimKit

struct ReservoirTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Cross-validate the reservoir on a directory of recordings and save the read-out fitted on all of them.",
        discussion: """
            Folds are by recording index (index mod K): each fold is held out once, with the \
            read-out's regularisation chosen by an inner cross-validation over the other folds \
            only; held-out and training accuracy are printed side by side. The saved model's \
            read-out is fitted on every recording, its regularisation chosen over all K folds.
            """
    )

    @Option(help: "Directory of {digit}_{speaker}_{index}.wav recordings.")
    var data: String

    @Option(help: "Folds by recording index.")
    var folds = 5

    @Flag(help: "Skip the held-out evaluation (only choose the regularisation and fit).")
    var noEvaluation = false

    @OptionGroup var reservoir: ReservoirOptions

    @Option(help: "Write the model to this HDF5 file.")
    var save: String?

    @Flag(help: "Replace the --save file if it exists.")
    var force = false

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    @OptionGroup var progress: ProgressOptions

    func run() throws {
        var options = ReservoirTrainingOptions(dataDirectory: data)
        options.folds = folds
        options.evaluateFolds = !noEvaluation
        options.frontEnd = reservoir.frontEndValue
        options.reservoir = reservoir.reservoirValue
        options.savePath = save
        options.replacing = force
        options.threads = threads
        options.showsProgress = progress.showsProgress
        let result = try ReservoirTrainingRun(options: options).run { line in
            FileHandle.standardError.write(Data(("  " + line + "\n").utf8))
        }
        print(result.summary)
    }
}
