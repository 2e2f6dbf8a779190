import Diagnostics
import Foundation
import Ising

/// `ising evaluate`: a saved network's free-phase answers on MNIST images.
public struct IsingEvaluationRun: Sendable {
    public var modelPath: String
    public var mnistDirectory: String
    public var limit: Int?
    public var split: MNISTDirectory.Split
    public var threads: Int

    public init(modelPath: String, mnistDirectory: String, limit: Int?, split: MNISTDirectory.Split, threads: Int) {
        self.modelPath = modelPath
        self.mnistDirectory = mnistDirectory
        self.limit = limit
        self.split = split
        self.threads = threads
    }

    /// The report: accuracy, per-class correct counts, cost.
    public func execute() throws -> String {
        guard (1...4096).contains(threads) else { throw InputError(input: "--threads", "must be in 1...4096 (got \(threads))") }
        if let limit, limit < 1 { throw InputError(input: "--test-limit", "must be at least 1 (got \(limit))") }
        let model = try IsingModelFile.read(path: modelPath)
        let images = try MNISTDirectory.load(directory: mnistDirectory, split: split).balancedPrefix(limit)
        let network = model.state.network
        guard images.pixelsPerImage == network.inputCount, images.classCount == network.classCount else {
            throw InputError(input: modelPath, "network of \(network.inputCount) inputs and \(network.classCount) classes does not fit "
                             + "\(images.pixelsPerImage)-pixel images of \(images.classCount) classes")
        }
        let start = Date()
        let evaluation = IsingEvaluation(network: network, settings: model.state.settings, seed: model.state.seed,
                                         data: MNISTExamples(images: images), threads: threads)
        let seconds = Date().timeIntervalSince(start)
        var perClass = [Int](repeating: 0, count: network.classCount), totals = perClass
        for (p, l) in zip(evaluation.predictions, evaluation.labels) {
            totals[l] += 1
            if p == l { perClass[l] += 1 }
        }
        let correct = perClass.reduce(0, +)
        return [
            String(format: "%@ images (%@): %d/%d correct, accuracy %.2f %%", split == .test ? "test" : "training",
                   "balanced prefix of \(images.count)", correct, images.count, 100 * evaluation.accuracy),
            "per class: " + (0..<network.classCount).map { "\($0): \(perClass[$0])/\(totals[$0])" }.joined(separator: ", "),
            String(format: "%d reads per image, %.0f flips per image, %.2f s", model.state.settings.reads,
                   Double(evaluation.counters.flips) / Double(max(images.count, 1)), seconds),
        ].joined(separator: "\n")
    }
}
