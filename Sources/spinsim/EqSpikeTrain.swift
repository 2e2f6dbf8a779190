import ArgumentParser
import EqSpike
import Foundation
import SpinSimKit

struct EqSpikeTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a layered network by (spike-driven) Equilibrium Propagation and save it.",
        discussion: """
            Prints one line per epoch (training and test accuracy, spikes per example, \
            wall time) and rewrites --save after every epoch. Results do not depend on \
            --threads. With --checkpoint, a checkpoint is written atomically at the end \
            of every epoch (and every --checkpoint-every examples), and \
            `spinsim eqspike resume CHECKPOINT` continues bit for bit. SIGINT or SIGTERM \
            finishes the current minibatch, writes the checkpoint, leaves --save as it \
            was after the last finished epoch, and exits with 130 or 143.
            """
    )

    @Option(help: "MNIST directory (default: $SPINSIM_MNIST).")
    var mnist: String?

    @Option(help: "Hidden layer sizes, comma-separated (e.g. 500 or 500,500).")
    var hidden = "500"

    @Option(help: "Number of epochs.")
    var epochs = 20

    @Option(help: "Use only the first N training images.")
    var trainLimit: Int?

    @Option(help: "Use only the first N test images for the per-epoch test accuracy (0: none).")
    var testLimit: Int?

    @Option(help: "Random seed (initial weights, example order).")
    var seed: UInt64 = 1

    @Option(help: "Write the model to this HDF5 file.")
    var save: String

    @Flag(help: "Replace the --save (and --checkpoint) file if it exists.")
    var force = false

    @Flag(help: "Train the rate-based EP reference instead of the spiking network.")
    var rate = false

    @Option(help: "Spike quantum theta (level change per spike).")
    var quantum = 1.0 / 16

    @Option(help: "Threshold hysteresis, in quanta.")
    var hysteresis = 0.05

    @Option(help: "Nudging strength beta, in (0, 1).")
    var beta = 0.5

    @Flag(help: "Nudge with +beta only (default: symmetric +beta and -beta).")
    var oneSided = false

    @Option(help: "Minibatch size.")
    var batchSize = 20

    @Option(help: "Learning rates, one per weight matrix, comma-separated (default: 0.1,0.05 for one hidden layer).")
    var learningRates: String?

    @Option(parsing: .unconditional, help: "Factor on the Glorot limit of the initial weights (default: 1 for one hidden layer, 0.5 for more).")
    var initScale: Double?

    @Option(help: "Epochs at the initial learning rates before the decay.")
    var holdEpochs = 12

    @Option(help: "Learning-rate factor per epoch after the hold.")
    var decay = 0.8

    @Option(help: "Worker threads (1 or 2; results are identical).")
    var threads = 2

    @Option(help: "Write a training checkpoint to this file (atomically) after every epoch, on a signal and at the end.")
    var checkpoint: String?

    @Option(help: "Also write the checkpoint every this many training examples (rounded to whole minibatches).")
    var checkpointEvery: Int?

    @OptionGroup var display: ProgressOptions

    /// "0.1,0.05" -> [0.1, 0.05]; the values are checked by the kit.
    func parseList(_ text: String, _ option: String) throws -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("\(option) must be a comma-separated list of numbers (got \(text))")
        }
        return values.map { $0! }
    }

    /// "500,500" -> [500, 500].
    func parseSizes(_ text: String) throws -> [Int] {
        let sizes = try parseList(text, "--hidden").map { Int(exactly: $0) }
        guard sizes.allSatisfy({ $0 != nil }) else { throw ValidationError("--hidden sizes must be whole numbers (got \(text))") }
        return sizes.map { $0! }
    }

    /// The settings these options ask for (the learning rates apart: their default depends on --hidden).
    var settings: EqSpikeSettings {
        var settings = EqSpikeSettings()
        settings.dynamics = rate ? .rate : .spiking
        settings.quantum = quantum
        settings.hysteresis = hysteresis
        settings.nudgingStrength = beta
        settings.symmetricNudging = !oneSided
        settings.batchSize = batchSize
        settings.holdEpochs = holdEpochs
        settings.decayFactor = decay
        return settings
    }

    func run() throws {
        let options = EqSpikeTrainingOptions(
            mnistDirectory: try MNISTDirectory.resolve(mnist), trainLimit: trainLimit, testLimit: testLimit,
            epochs: epochs, threads: threads, savePath: save, checkpointPath: checkpoint, checkpointEvery: checkpointEvery)
        try TrainingRun(options: options, hiddenLayers: try parseSizes(hidden), seed: seed, settings: settings,
                        learningRates: try learningRates.map { try parseList($0, "--learning-rates") },
                        replacing: force, showsProgress: display.showsProgress, initialScale: initScale).execute()
    }
}
