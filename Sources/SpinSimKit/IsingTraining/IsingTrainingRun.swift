import Diagnostics
import EqSpike
import Foundation
import Formats
import Ising

/// One `ising train` run, fresh or resumed: loads the class-balanced MNIST
/// subsets, trains epoch after epoch, rewrites the model after each (with
/// the test accuracy of the free phase), checkpoints, shows progress, and
/// stops cleanly between examples on SIGINT or SIGTERM.
public final class IsingTrainingRun {
    public let options: IsingTrainingOptions
    private var state: IsingTrainingState
    private let epochs: Int
    private let training: LabelledImages
    private let test: LabelledImages?
    private let showsProgress: Bool
    private let header: String
    private let earlierWallSeconds: Double
    private let fingerprint: UInt64
    var log: (String) -> Void = { line in
        print(line)
        fflush(nil)
    }
    /// Asked between examples for a signal to stop with; nil follows SIGINT and SIGTERM.
    var stopRequest: (() -> Int32?)?

    public init(options: IsingTrainingOptions, settings: IsingEPSettings, seed: UInt64, hidden: Int,
                replacing: Bool, showsProgress: Bool) throws {
        try options.check()
        if let problem = settings.problem { throw InputError(input: "settings", problem) }
        guard (1...100_000).contains(hidden) else { throw InputError(input: "--hidden", "must be in 1...100000 (got \(hidden))") }
        for path in [options.savePath] + (options.checkpointPath.map { [$0] } ?? []) {
            try OutputPolicy.check(path, replacing: replacing)
        }
        try OutputPolicy.checkDistinct(outputs: [.init("--save", options.savePath)] + (options.checkpointPath.map { [.init("--checkpoint", $0)] } ?? []),
                                       inputs: MNISTDirectory.inputRoles(directory: options.mnistDirectory))
        var options = options
        options.mnistDirectory = IsingTrainingOptions.standardised(options.mnistDirectory)
        let (training, test) = try Self.loadImages(options)
        guard training.pixelsPerImage * hidden <= IsingNetwork.largestCouplingCount else {
            throw InputError(input: "--hidden", "\(training.pixelsPerImage)-pixel images and \(hidden) hidden spins: "
                             + "more than \(IsingNetwork.largestCouplingCount) weights")
        }
        let network = IsingNetwork(inputCount: training.pixelsPerImage, hiddenCount: hidden, classCount: training.classCount,
                                   seed: seed)
        self.options = options
        self.state = IsingTrainingState(network: network, settings: settings, seed: seed)
        self.epochs = settings.epochs
        self.training = training
        self.test = test
        self.showsProgress = showsProgress
        self.header = "Ising EP network \(network.inputCount)-\(hidden)-\(network.outputCount) (\(network.spinsPerClass) spins per class), "
            + "\(training.count) training and \(test?.count ?? 0) test images, \(settings.reads) reads, seed \(seed)"
        self.earlierWallSeconds = 0
        self.fingerprint = EqSpikeCheckpoint.fingerprint(of: training)
    }

    /// Continues a checkpointed run bit for bit; `epochs` may extend it.
    public init(resuming path: String, epochs: Int?, threads: Int?, showsProgress: Bool) throws {
        let checkpoint = try IsingCheckpoint.load(path: path)
        var options = checkpoint.options
        if let threads { options.threads = threads }
        options.checkpointPath = IsingTrainingOptions.standardised(path)
        try options.check()
        var state = checkpoint.state
        if let epochs {
            guard epochs > state.history.count else {
                throw InputError(input: "--epochs", "must be more than the \(state.history.count) epoch(s) the checkpoint has finished")
            }
            state.settings.epochs = epochs
        }
        guard state.history.count < state.settings.epochs else {
            throw InputError(input: path, "all \(state.settings.epochs) epochs are done; pass --epochs to train more")
        }
        let (training, test) = try Self.loadImages(options)
        guard training.count == checkpoint.trainingImageCount, EqSpikeCheckpoint.fingerprint(of: training) == checkpoint.trainingFingerprint,
              training.pixelsPerImage == state.network.inputCount, training.classCount == state.network.classCount else {
            throw InputError(input: options.mnistDirectory, "training images differ from those of \(path)")
        }
        self.options = options
        self.state = state
        self.epochs = state.settings.epochs
        self.training = training
        self.test = test
        self.showsProgress = showsProgress
        self.header = "Ising EP network resumed after \(state.history.count) epoch(s) and \(state.examplesDone) examples, seed \(state.seed)"
        self.earlierWallSeconds = checkpoint.wallSeconds
        self.fingerprint = checkpoint.trainingFingerprint
    }

    /// Trains to the last epoch and returns the model as saved.
    @discardableResult
    public func execute() throws -> IsingModelFile {
        log(header)
        if stopRequest == nil { Interruption.install() }
        let stopRequest = stopRequest ?? { Interruption.received }
        let clockStart = Date().addingTimeInterval(-earlierWallSeconds)
        let wallSeconds = { Date().timeIntervalSince(clockStart) }
        let examples = MNISTExamples(images: training)
        let reporter = ProgressReporter(total: Double(epochs * training.count),
                                        alreadyDone: Double(state.history.count * training.count + state.examplesDone),
                                        unit: "examples", enabled: showsProgress)
        var saved: IsingModelFile?
        while state.history.count < epochs {
            let epoch = state.history.count
            let finished = state.trainEpoch(on: examples, threads: options.threads, progress: { done, correct in
                reporter.report(done: Double(epoch * self.training.count + done)) {
                    String(format: "epoch %d/%d, running train accuracy %.1f %%", epoch + 1, self.epochs, 100 * Double(correct) / Double(done))
                }
            }, pause: {
                stopRequest() != nil || self.options.checkpointEvery.map { self.state.examplesDone % $0 == 0 } ?? false
            })
            if !finished {
                try saveCheckpoint(wallSeconds())
                if let signal = stopRequest() {
                    reporter.finish()
                    try interrupted(signal, where: "in epoch \(epoch + 1) after \(state.examplesDone) of \(training.count) examples")
                }
                continue
            }
            let testAccuracy = test.map { images in
                IsingEvaluation(network: state.network, settings: state.settings, seed: state.seed,
                                data: MNISTExamples(images: images), threads: options.threads).accuracy
            } ?? .nan
            state.finishEpoch(examples: training.count, testAccuracy: testAccuracy, wallSeconds: wallSeconds())
            reporter.finish()
            let record = state.history.last!
            log(String(format: "epoch %d/%d: train %.2f %%, test %@, nudged %.1f %% of reads, %@ flips, %.1f s", epoch + 1, epochs,
                       100 * record.trainAccuracy, testAccuracy.isNaN ? "-" : String(format: "%.2f %%", 100 * testAccuracy),
                       100 * record.nudgedFraction, grouped(Double(record.flips)), record.wallSeconds))
            saved = try writeModel()
            try saveCheckpoint(wallSeconds())
            if let signal = stopRequest(), state.history.count < epochs {
                try interrupted(signal, where: "after epoch \(epoch + 1)")
            }
        }
        log("saved \(options.savePath)")
        return saved!
    }

    private func saveCheckpoint(_ wallSeconds: Double) throws {
        guard let path = options.checkpointPath else { return }
        try IsingCheckpoint(spinsimVersion: Provenance.version, options: options, state: state, wallSeconds: wallSeconds,
                            trainingImageCount: training.count, trainingFingerprint: fingerprint).save(to: path)
    }

    private func interrupted(_ signal: Int32, where position: String) throws -> Never {
        let resume = options.checkpointPath.map { "checkpoint in \($0) (continue with: spinsim ising train --resume \($0))" }
            ?? "no checkpoint (pass --checkpoint to keep unfinished epochs)"
        let model = state.history.isEmpty ? "\(options.savePath) not written yet" : "\(options.savePath) holds \(state.history.count) finished epoch(s)"
        FileHandle.standardError.write(Data("spinsim: interrupted by \(Interruption.name(signal)) \(position); \(resume); \(model)\n".utf8))
        throw Interrupted(signal: signal)
    }

    private func writeModel() throws -> IsingModelFile {
        var finished = state
        finished.examplesDone = 0
        finished.correct = 0
        finished.nudgedReads = 0
        finished.counters = .init()
        let file = IsingModelFile(state: finished, provenance: [
            "spinsim_version": Provenance.version, "command_line": options.commandLine,
            "wall_clock_start": options.wallClockStart, "mnist_directory": options.mnistDirectory,
            "wall_clock_end": ISO8601DateFormatter().string(from: Date()),
            "completed": state.history.count == epochs ? "true" : "false (epoch \(state.history.count) of \(epochs))",
        ])
        try file.write(path: options.savePath, replacing: true)
        return file
    }

    static func loadImages(_ options: IsingTrainingOptions) throws -> (LabelledImages, LabelledImages?) {
        let (training, test) = try MNISTDirectory.loadTrainingAndTest(directory: options.mnistDirectory,
                                                                      withTest: options.testLimit != 0)
        return (training.balancedPrefix(options.trainLimit), test?.balancedPrefix(options.testLimit))
    }
}
