import ArgumentParser
import Foundation
import SpinSimKit
import SynchronyTask

struct VowelsTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the oscillators' DC currents on half the talkers and score both halves.",
        discussion: """
            Prints training and test accuracy by talker split beside logistic regression and \
            nearest centroid on the same inputs, the majority-vowel floor and the same network \
            trained with coupling off; the learning curve; the test confusion matrix.
            """
    )

    @Option(help: "A vowel database in the format of Hillenbrand's vowdata.dat.")
    var data: String

    @Option(help: "Vowels, comma-separated (database codes).")
    var vowels = VowelCorpus.defaultVowels.joined(separator: ",")

    @Option(help: "Training talkers, comma-separated (default: every other woman, see --fold).")
    var talkers: String?

    @Option(help: "Default split: 0 trains on the 1st, 3rd, ... talker in sorted order, 1 on the others.")
    var fold = 0

    @Option(help: "Epochs at most.")
    var epochs = VowelTrainingSettings().epochs

    @Option(help: "Stop after this many epochs without a better training accuracy.")
    var patience = VowelTrainingSettings().patience

    @Option(help: "Learning rate eta of the first epoch (decays linearly to 0).")
    var rate = CurrentLearningRule().rate

    @OptionGroup var network: VowelNetworkOptions

    @Option(help: "Factors on both source amplitudes tried in turn, comma-separated; the one of highest training accuracy is kept.")
    var driveScales = VowelTrainingOptions.defaultDriveScales.map { "\($0)" }.joined(separator: ",")

    @Flag(help: "Skip the coupling-off control.")
    var noControl = false

    @Option(help: "Write the model to this HDF5 file.")
    var save: String?

    @Flag(help: "Replace the --save file if it exists.")
    var force = false

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    @OptionGroup var progress: ProgressOptions

    func run() throws {
        var options = VowelTrainingOptions(dataPath: data)
        options.vowels = names(vowels)
        options.trainingTalkers = talkers.map(names)
        options.fold = fold
        options.network = try network.value()
        options.settings = VowelTrainingSettings(epochs: epochs, patience: patience, rule: CurrentLearningRule(rate: rate))
        options.driveScales = try numbers(driveScales, "--drive-scales")
        options.couplingOffControl = !noControl
        options.savePath = save
        options.replacing = force
        options.threads = threads
        options.showsProgress = progress.showsProgress
        let result = try VowelTrainingRun(options: options).run { line in
            FileHandle.standardError.write(Data(("  " + line + "\n").utf8))
        }
        print(result.summary)
    }
}
