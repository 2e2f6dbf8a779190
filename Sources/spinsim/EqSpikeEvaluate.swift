import ArgumentParser
import SpinSimKit

struct EqSpikeEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Test accuracy of a saved model and its cost per inference (free phase)."
    )

    @Option(help: "MNIST directory (default: $SPINSIM_MNIST).")
    var mnist: String?

    @Option(help: "Model file written by `spinsim eqspike train`.")
    var model: String

    @Option(help: "Use only the first N test images.")
    var testLimit: Int?

    @Option(help: "Worker threads (results are identical).")
    var threads = 2

    @Option(help: ArgumentHelp(
        "Also write the internal state s of every neuron during the free phase of the first --record-examples test images, as SONATA reports.",
        valueName: "trace.h5"))
    var recordState: String?

    @Option(help: "Test images whose free phase --record-state samples.")
    var recordExamples = 3

    @Option(help: "Sampling interval of --record-state, in neuron time constants.")
    var sampleInterval = 0.05

    @Flag(help: "Replace the --record-state file if it exists.")
    var force = false

    func run() throws {
        let recording = recordState.map {
            FreePhaseRecording(path: $0, examples: recordExamples, sampleInterval: sampleInterval, replacing: force)
        }
        let run = try EvaluationRun(modelPath: model, mnistDirectory: try MNISTDirectory.resolve(mnist),
                                    testLimit: testLimit, threads: threads, recording: recording)
        print(try run.execute().text)
    }
}
