import ArgumentParser
import SpinSimKit

struct IsingEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Free-phase accuracy of a saved Ising network on MNIST test images."
    )

    @Option(help: "MNIST directory (default: $SPINSIM_MNIST).")
    var mnist: String?
    @Option(help: "Model file written by `spinsim ising train`.")
    var model: String
    @Option(help: "Test images: the first N/10 of each class (default: all 10,000).")
    var testLimit: Int?
    @Flag(help: "Score the training images instead (the same balanced prefix rule, --test-limit of them).")
    var training = false
    @Option(help: "Worker threads (results are identical).")
    var threads = 2

    func run() throws {
        let run = IsingEvaluationRun(modelPath: model, mnistDirectory: try MNISTDirectory.resolve(mnist), limit: testLimit,
                                     split: training ? .training : .test, threads: threads)
        print(try run.execute())
    }
}
