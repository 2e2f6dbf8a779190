import ArgumentParser
import EqSpike
import Foundation
import SpinSimKit
import Diagnostics

struct EqSpikeResume: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Continue `eqspike train` from a checkpoint, bit for bit as if it had not stopped.",
        discussion: """
            Reads the MNIST images, model file path, checkpoint path and interval from the \
            checkpoint (written by `eqspike train --checkpoint`), refuses training images \
            that differ from the original run's, and keeps writing the model file and the \
            checkpoint as the original run did. The final model (weights, biases, history \
            apart from wall times, signature) is identical to an uninterrupted run's, \
            whatever --threads.
            """
    )

    @Argument(help: "Checkpoint file written by `eqspike train --checkpoint`.")
    var checkpointFile: String

    @Option(help: "Total number of epochs (default: the original run's).")
    var epochs: Int?

    @Option(help: "MNIST directory (default: the original run's).")
    var mnist: String?

    @Option(help: "Worker threads (default: the original run's; results are identical).")
    var threads: Int?

    @OptionGroup var display: ProgressOptions

    func run() throws {
        let checkpoint = try EqSpikeCheckpoint.load(path: checkpointFile)
        var options = checkpoint.options
        if let epochs {
            guard epochs > checkpoint.history.count else {
                throw ValidationError("--epochs must be more than the \(checkpoint.history.count) epoch(s) the checkpoint has finished")
            }
            options.epochs = epochs
        }
        if let threads {
            guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
            options.threads = threads
        }
        if let mnist { options.mnistDirectory = URL(fileURLWithPath: mnist).standardizedFileURL.path }
        options.checkpointPath = URL(fileURLWithPath: checkpointFile).standardizedFileURL.path
        guard checkpoint.history.count < options.epochs else {
            throw InputError("\(checkpointFile): all \(options.epochs) epochs are done; pass --epochs to train more")
        }
        let training = try loadMNIST(options.mnistDirectory, .training, limit: options.trainLimit)
        guard training.count == checkpoint.trainingImageCount,
              EqSpikeCheckpoint.fingerprint(of: training) == checkpoint.trainingFingerprint else {
            throw InputError("\(options.mnistDirectory): training images differ from those of \(checkpointFile) (\(training.count) vs \(checkpoint.trainingImageCount) images or different content)")
        }
        let test = options.testLimit == 0 ? nil : try loadMNIST(options.mnistDirectory, .test, limit: options.testLimit)
        let session = EqSpikeTrainingSession(options: options, training: training, test: test,
                                             showProgress: display.showsProgress,
                                             resumedFrom: options.checkpointPath, earlierWallSeconds: checkpoint.wallSeconds)
        let position = checkpoint.partialEpoch.map { ", \($0.minibatchesDone * checkpoint.settings.batchSize) examples into epoch \($0.epoch + 1)" } ?? ""
        print("EqSpike \(checkpoint.settings.dynamics.rawValue) network \(checkpoint.model.layerSizes.map(String.init).joined(separator: "-")), "
              + "resumed after \(checkpoint.history.count) epoch(s)\(position), seed \(checkpoint.seed)")
        switch checkpoint.settings.dynamics {
        case .rate:
            var trainer = EqSpikeTrainer<RateEquilibriumNetwork>(
                model: checkpoint.model, settings: checkpoint.settings, seed: checkpoint.seed,
                history: checkpoint.history, signature: checkpoint.signature, partialEpoch: checkpoint.partialEpoch)
            try session.run(&trainer, checkpointing: true)
        case .spiking:
            var trainer = EqSpikeTrainer<SpikingEquilibriumNetwork>(
                model: checkpoint.model, settings: checkpoint.settings, seed: checkpoint.seed,
                history: checkpoint.history, signature: checkpoint.signature, partialEpoch: checkpoint.partialEpoch)
            try session.run(&trainer, checkpointing: true)
        }
    }
}
