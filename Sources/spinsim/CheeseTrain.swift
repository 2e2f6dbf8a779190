import ArgumentParser
import Foundation
import SpinSimKit
import SynchronyTask

struct CheeseTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a detector (start frequencies, ramp rates, coupling, threshold) for one class.",
        discussion: """
            A seeded search over the frequency lines proposes candidates (closest three-way \
            approach for positives vs negatives); each is then simulated on all samples with \
            several couplings, and the detector whose simulated scores separate the classes \
            best is saved. Use a release build: training simulates about 15 x the samples.
            """
    )

    @Option(help: "Labelled CSV file (columns t2, t3, cheese).")
    var data: String

    @Option(help: "Class to detect (a value of the cheese column).")
    var target: String

    @Option(help: "Write the trained detector to this JSON file.")
    var save: String

    @Flag(help: "Replace the --save file if it exists.")
    var force = false

    @Option(help: "Seed of the search.")
    var seed: UInt64 = 1

    @Option(help: "Oscillator model: device (spin-torque devices, spectrum read-out) or phase.")
    var model: SynchronyDetectorParameters.Model = .device

    @Option(help: "Couplings to try, in MHz (comma-separated; default: the model's grid, device 0.04,0.06,0.08,0.12, phase 1,1.5,2,2.5,3).")
    var couplings: String?

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    func run() throws {
        var options = DetectorTrainingOptions(dataPath: data, target: target, savePath: save)
        options.replacing = force
        options.trainer = SynchronyDetectorTrainer(model: model)
        options.trainer.seed = seed
        if let couplings { options.trainer.couplings = try DetectorTrainingOptions.couplings(from: couplings) }
        options.threads = threads
        let result = try DetectorTrainingRun(options: options).run { line in
            FileHandle.standardError.write(Data(("  " + line + "\n").utf8))
        }
        print(result.summary)
    }
}
