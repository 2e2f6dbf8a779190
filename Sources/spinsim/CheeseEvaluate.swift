import ArgumentParser
import Foundation
import SpinSimKit
import SynchronyTask

struct CheeseEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Train detectors on training samples only and score them on held-out samples.",
        discussion: """
            --folds K splits --data by talker (every token of a talker in one fold); on each \
            fold the four detectors are trained (as `cheese train`) on the other folds and scored \
            on it, so each sample is scored held out once. --test trains on --data and scores \
            another file. Printed beside each other: training and held-out accuracy of the \
            detectors, of the same detectors with coupling off, and of trivial classifiers fitted \
            on the same training samples. --extra-detectors N grows each class's detector into a \
            bank: up to N more triads, each trained on the training samples of its class the bank \
            still gets wrong and kept only if the four-class training decisions improve; the bank \
            is printed beside the one detector per class. Use a release build: each fold trains \
            four detectors or more.
            """
    )

    @Option(help: "Labelled benchmark-format CSV (talker, vowel, cheese, f1_hz, f2_hz, t2, t3).")
    var data: String

    @Option(help: "Folds by talker.")
    var folds = 5

    @Option(help: "Train on --data and score on this file instead of folds.")
    var test: String?

    @Option(help: "Oscillator model: device or phase.")
    var model: SynchronyDetectorParameters.Model = .device

    @Option(help: "Extra triads per class for training samples one triad gets wrong (0: one detector per class).")
    var extraDetectors = 0

    @Option(help: "Seed of the training search.")
    var seed: UInt64 = 1

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    func run() throws {
        var options = DetectorEvaluationOptions(dataPath: data)
        options.folds = folds
        options.testPath = test
        options.trainer = SynchronyDetectorTrainer(model: model)
        options.trainer.seed = seed
        options.threads = threads
        options.extraDetectorsPerClass = extraDetectors
        let result = try DetectorEvaluationRun(options: options).run { line in
            FileHandle.standardError.write(Data(("  " + line + "\n").utf8))
        }
        print(result.summary)
    }
}
