import ArgumentParser
import SpinSimKit

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
        try TrainingRun(resuming: checkpointFile, epochs: epochs, mnistDirectory: mnist, threads: threads,
                        showsProgress: display.showsProgress).execute()
    }
}
