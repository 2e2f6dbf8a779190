import Diagnostics
import Foundation

/// What `spinsim eqspike train` is asked to do besides the network and its
/// settings: data, length, outputs and provenance. A checkpoint keeps them, so
/// `eqspike resume` continues the same run (paths are made absolute by
/// `TrainingRun`, so a run can be resumed from any directory).
public struct EqSpikeTrainingOptions: Sendable, Codable, Equatable {
    public var mnistDirectory: String
    public var trainLimit: Int?
    public var testLimit: Int?
    public var epochs: Int
    public var threads: Int
    public var savePath: String
    /// Where checkpoints go (nil: none).
    public var checkpointPath: String?
    /// Training examples between checkpoints (nil: at the end of each epoch only).
    public var checkpointEvery: Int?
    /// Provenance of the original run.
    public var commandLine: String
    public var wallClockStart: String

    public init(mnistDirectory: String, trainLimit: Int? = nil, testLimit: Int? = nil, epochs: Int, threads: Int = 2,
                savePath: String, checkpointPath: String? = nil, checkpointEvery: Int? = nil,
                commandLine: String = Provenance.commandLine,
                wallClockStart: String = ISO8601DateFormatter().string(from: Date())) {
        self.mnistDirectory = mnistDirectory
        self.trainLimit = trainLimit
        self.testLimit = testLimit
        self.epochs = epochs
        self.threads = threads
        self.savePath = savePath
        self.checkpointPath = checkpointPath
        self.checkpointEvery = checkpointEvery
        self.commandLine = commandLine
        self.wallClockStart = wallClockStart
    }

    /// Epochs a run may ask for (and a model file's history may hold).
    public static let largestEpochCount = 100_000

    /// Throws for values no run can use, naming the option.
    func check() throws(InputError) {
        guard (1...Self.largestEpochCount).contains(epochs) else {
            throw InputError(input: "--epochs", "must be in 1...\(Self.largestEpochCount) (got \(epochs))")
        }
        guard (1...4096).contains(threads) else { throw InputError(input: "--threads", "must be in 1...4096 (got \(threads))") }
        if let checkpointEvery {
            guard checkpointPath != nil else { throw InputError(input: "--checkpoint-every", "needs --checkpoint") }
            guard checkpointEvery >= 1 else {
                throw InputError(input: "--checkpoint-every", "must be at least 1 example (got \(checkpointEvery))")
            }
        }
    }

    /// Minibatches between checkpoints: `checkpointEvery` rounded to whole minibatches.
    func checkpointMinibatches(batchSize: Int) -> Int? {
        checkpointEvery.map { max(1, Int((Double($0) / Double(batchSize)).rounded())) }
    }
}
