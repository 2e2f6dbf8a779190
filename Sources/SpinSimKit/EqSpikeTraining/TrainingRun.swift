import Diagnostics
import EqSpike
import Foundation
import Formats

/// One `eqspike train` or `eqspike resume` run: loads MNIST, checks the
/// options, trains epoch after epoch, rewrites the model file after each,
/// writes checkpoints, prints one line per epoch and stops cleanly on SIGINT
/// or SIGTERM.
///
/// On a signal the current minibatch finishes, the checkpoint (if any) is
/// written, and the model file is left as it was after the last finished
/// epoch (its `completed` attribute says which); `execute()` then throws
/// `Interrupted`, and spinsim exits with 128 + the signal number. A second
/// signal exits at once.
public final class TrainingRun {
    public let options: EqSpikeTrainingOptions
    /// Where training starts: a fresh model, or a checkpoint's state.
    private let start: TrainingState
    private let training: LabelledImages
    private let test: LabelledImages?
    private let showsProgress: Bool
    /// The first line printed: network, data and starting point.
    private let header: String
    /// The checkpoint this run continues (provenance).
    private let resumedFrom: String?
    /// Training wall seconds before this process started (from the checkpoint).
    private let earlierWallSeconds: Double
    /// Hashed when the first checkpoint is written; a resumed run takes the
    /// checkpoint's, against which it has checked the images.
    private lazy var trainingFingerprint = EqSpikeCheckpoint.fingerprint(of: training)

    /// Where the printed lines go: stdout, flushed per line so that a log
    /// file shows each epoch at once.
    var log: (String) -> Void = { line in
        print(line)
        fflush(nil)
    }
    /// Asked between minibatches for a signal to stop with; nil follows
    /// SIGINT and SIGTERM (`Interruption`). Tests ask for stops this way,
    /// without taking the test process's signals.
    var stopRequest: (() -> Int32?)?

    /// A fresh run: a Glorot-initialised network with `hiddenLayers` between
    /// the images and their classes. `learningRates` and `initialScale` nil
    /// take `EqSpikeSettings.defaultLearningRates` and `defaultInitialScale`
    /// for that many hidden layers;
    /// `replacing` allows the model and checkpoint files to exist already.
    public convenience init(options: EqSpikeTrainingOptions, hiddenLayers: [Int], seed: UInt64, settings: EqSpikeSettings,
                            learningRates: [Double]?, replacing: Bool, showsProgress: Bool,
                            initialScale: Double? = nil) throws {
        try options.check()
        guard !hiddenLayers.isEmpty, hiddenLayers.allSatisfy({ $0 > 0 }) else {
            throw InputError(input: "--hidden", "sizes must be positive integers (got \(hiddenLayers))")
        }
        var settings = settings
        settings.learningRates = learningRates ?? EqSpikeSettings.defaultLearningRates(hiddenLayers: hiddenLayers.count)
        try settings.validate(matrixCount: hiddenLayers.count + 1)
        for path in [options.savePath] + (options.checkpointPath.map { [$0] } ?? []) {
            try OutputPolicy.check(path, replacing: replacing)
        }
        try OutputPolicy.checkDistinct(outputs: [.init("--save", options.savePath)] + (options.checkpointPath.map { [.init("--checkpoint", $0)] } ?? []),
                                       inputs: MNISTDirectory.inputRoles(directory: options.mnistDirectory))
        var options = options
        options.mnistDirectory = Self.absolute(options.mnistDirectory)
        options.savePath = Self.absolute(options.savePath)
        options.checkpointPath = options.checkpointPath.map(Self.absolute)
        let (training, test) = try Self.loadImages(options)
        guard training.count > 0 else { throw InputError(input: options.mnistDirectory, "no training images") }
        let layerSizes = [training.pixelsPerImage] + hiddenLayers + [training.classCount]
        if let problem = LayeredEnergyModel.sizeProblem(layerSizes) { throw InputError(input: "--hidden", problem) }
        let scale = initialScale ?? EqSpikeSettings.defaultInitialScale(hiddenLayers: hiddenLayers.count)
        guard scale > 0 && scale.isFinite else { throw InputError(input: "--init-scale", "must be a positive number (got \(scale))") }
        let model = LayeredEnergyModel(layerSizes: layerSizes, seed: seed, scale: scale)
        self.init(options: options, start: TrainingState(model: model, settings: settings, seed: seed),
                  training: training, test: test, showsProgress: showsProgress,
                  header: "EqSpike \(settings.dynamics.rawValue) network \(Self.name(model)), "
                      + "\(training.count) training and \(test?.count ?? 0) test images, seed \(seed)",
                  resumedFrom: nil, earlierWallSeconds: 0)
    }

    /// The run a checkpoint was written by, continued bit for bit. `epochs`,
    /// `mnistDirectory` and `threads` override the original run's; the
    /// training images must be the ones it trained on.
    public convenience init(resuming checkpointPath: String, epochs: Int?, mnistDirectory: String?, threads: Int?,
                            showsProgress: Bool) throws {
        let checkpoint = try EqSpikeCheckpoint.load(path: checkpointPath)
        let finished = checkpoint.state.history.count
        var options = checkpoint.options
        if let epochs {
            guard epochs > finished else {
                throw InputError(input: "--epochs", "must be more than the \(finished) epoch(s) the checkpoint has finished")
            }
            options.epochs = epochs
        }
        if let threads { options.threads = threads }
        if let mnistDirectory { options.mnistDirectory = Self.absolute(mnistDirectory) }
        options.checkpointPath = Self.absolute(checkpointPath)
        try options.check()
        guard finished < options.epochs else {
            throw InputError(input: checkpointPath, "all \(options.epochs) epochs are done; pass --epochs to train more")
        }
        let (training, test) = try Self.loadImages(options)
        guard training.count == checkpoint.trainingImageCount,
              EqSpikeCheckpoint.fingerprint(of: training) == checkpoint.trainingFingerprint else {
            throw InputError(input: options.mnistDirectory, "training images differ from those of \(checkpointPath) "
                             + "(\(training.count) vs \(checkpoint.trainingImageCount) images or different content)")
        }
        let state = checkpoint.state
        try training.check(fits: state.model.layerSizes, of: checkpointPath)
        let position = state.partialEpoch.map {
            ", \($0.minibatchesDone * state.settings.batchSize) examples into epoch \($0.epoch + 1)"
        } ?? ""
        self.init(options: options, start: state, training: training, test: test, showsProgress: showsProgress,
                  header: "EqSpike \(state.settings.dynamics.rawValue) network \(Self.name(state.model)), "
                      + "resumed after \(finished) epoch(s)\(position), seed \(state.seed)",
                  resumedFrom: options.checkpointPath, earlierWallSeconds: checkpoint.wallSeconds)
        trainingFingerprint = checkpoint.trainingFingerprint
    }

    private init(options: EqSpikeTrainingOptions, start: TrainingState, training: LabelledImages,
                 test: LabelledImages?, showsProgress: Bool, header: String, resumedFrom: String?,
                 earlierWallSeconds: Double) {
        self.options = options
        self.start = start
        self.training = training
        self.test = test
        self.showsProgress = showsProgress
        self.header = header
        self.resumedFrom = resumedFrom
        self.earlierWallSeconds = earlierWallSeconds
    }

    /// Trains to `options.epochs` and returns the model as last saved.
    @discardableResult
    public func execute() throws -> EqSpikeModelFile {
        log(header)
        switch start.settings.dynamics {
        case .rate: return try train(EqSpikeTrainer<RateEquilibriumNetwork>(continuing: start))
        case .spiking: return try train(EqSpikeTrainer<SpikingEquilibriumNetwork>(continuing: start))
        }
    }

    private func train<Network>(_ initial: EqSpikeTrainer<Network>) throws -> EqSpikeModelFile {
        var trainer = initial
        if stopRequest == nil { Interruption.install() }
        let stopRequest = stopRequest ?? { Interruption.received }
        let epochs = options.epochs, examples = training.count, batchSize = start.settings.batchSize
        let clockStart = Date().addingTimeInterval(-earlierWallSeconds)
        let wallSeconds = { Date().timeIntervalSince(clockStart) }
        let checkpointing = options.checkpointPath != nil
        let every = options.checkpointMinibatches(batchSize: batchSize)
        let done = trainer.history.count * examples + min((trainer.partialEpoch?.minibatchesDone ?? 0) * batchSize, examples)
        let reporter = ProgressReporter(total: Double(epochs * examples), alreadyDone: Double(done), unit: "examples",
                                        enabled: showsProgress)
        var checkpointSeconds = 0.0, checkpointCount = 0
        func saveCheckpoint() throws {
            let begin = Date()
            try checkpoint(of: trainer, wallSeconds: wallSeconds()).save(to: options.checkpointPath!)
            checkpointSeconds += Date().timeIntervalSince(begin)
            checkpointCount += 1
        }
        var saved: EqSpikeModelFile?
        while trainer.history.count < epochs {
            let epoch = trainer.history.count
            let record = trainer.trainEpoch(on: training, test: test, threads: options.threads, wallSeconds: wallSeconds,
                                            progress: { status in
                reporter.report(done: Double(epoch * examples + status.examplesDone)) {
                    String(format: "epoch %d/%d, running train accuracy %.2f %%", epoch + 1, epochs,
                           100 * Double(status.correct) / Double(max(status.examplesDone, 1)))
                }
            }, pauseAfter: { status in
                stopRequest() != nil || every.map { status.minibatchesDone % $0 == 0 } ?? false
            })
            guard let record else {
                if checkpointing { try saveCheckpoint() }
                if let signal = stopRequest() {
                    reporter.finish()
                    let position = trainer.partialEpoch!.minibatchesDone * batchSize
                    try interrupted(signal, where: "in epoch \(epoch + 1) after \(position) of \(examples) examples",
                                    finishedEpochs: epoch)
                }
                continue
            }
            reporter.finish()
            log(Self.line(for: record, dynamics: start.settings.dynamics, epochs: epochs))
            if record.counters.unconvergedPhases > 0 {
                log("  warning: \(record.counters.unconvergedPhases) phases stopped before equilibrium")
            }
            saved = try writeModel(of: trainer)
            if checkpointing { try saveCheckpoint() }
            if let signal = stopRequest(), trainer.history.count < epochs {
                try interrupted(signal, where: "after epoch \(epoch + 1)", finishedEpochs: epoch + 1)
            }
        }
        log("saved \(options.savePath)")
        if let path = options.checkpointPath, checkpointCount > 0 {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
            log(String(format: "checkpoint %@: %d writes, %.3f s each on average, %@ bytes", path, checkpointCount,
                       checkpointSeconds / Double(checkpointCount), size.map { grouped(Double($0)) } ?? "?"))
        }
        return saved!
    }

    /// Writes the one-line message of a run stopped by a signal and throws `Interrupted`.
    private func interrupted(_ signal: Int32, where position: String, finishedEpochs: Int) throws -> Never {
        let resume = options.checkpointPath.map { "checkpoint in \($0) (continue with: spinsim eqspike resume \($0))" }
            ?? "no checkpoint (pass --checkpoint to keep unfinished epochs)"
        let model = finishedEpochs == 0
            ? "\(options.savePath) not written yet" : "\(options.savePath) holds \(finishedEpochs) finished epoch(s)"
        FileHandle.standardError.write(Data(
            "spinsim: interrupted by \(Interruption.name(signal)) \(position); \(resume); \(model)\n".utf8))
        throw Interrupted(signal: signal)
    }

    /// "epoch 3/20: train 97.10 %, test 97.52 %, lr factor 1.000, 803 free + 27 nudged spikes/example, 64.3 s"
    private static func line(for record: EpochRecord, dynamics: EqSpikeSettings.Dynamics, epochs: Int) -> String {
        let counters = record.counters
        let testText = record.testAccuracy.isNaN ? "-" : String(format: "%.2f %%", 100 * record.testAccuracy)
        let cost = dynamics == .rate
            ? String(format: "%.1f sweeps/example", counters.freeSweepsPerExample)
            : "\(grouped(counters.freeSpikesPerExample)) free + \(grouped(counters.nudgedSpikesPerExample)) nudged spikes/example"
        return String(format: "epoch %d/%d: train %.2f %%, test %@, lr factor %.3f, %@, %.1f s",
                      record.epoch + 1, epochs, 100 * record.trainAccuracy, testText, record.learningRateFactor, cost,
                      record.wallSeconds)
    }

    private func writeModel<Network>(of trainer: EqSpikeTrainer<Network>) throws -> EqSpikeModelFile {
        var provenance = [
            "spinsim_version": Provenance.version,
            "command_line": options.commandLine,
            "wall_clock_start": options.wallClockStart,
            "mnist_directory": options.mnistDirectory,
            "wall_clock_end": ISO8601DateFormatter().string(from: Date()),
            "completed": trainer.history.count == options.epochs
                ? "true" : "false (epoch \(trainer.history.count) of \(options.epochs))",
        ]
        if let resumedFrom { provenance["resumed_from"] = resumedFrom }
        let file = EqSpikeModelFile(model: trainer.model, settings: trainer.settings, seed: trainer.seed,
                                    history: trainer.history, signature: trainer.signature, provenance: provenance)
        try file.write(path: options.savePath, replacing: true)
        return file
    }

    private func checkpoint<Network>(of trainer: EqSpikeTrainer<Network>, wallSeconds: Double) -> EqSpikeCheckpoint {
        EqSpikeCheckpoint(spinsimVersion: Provenance.version, options: options, state: trainer.state,
                          wallSeconds: wallSeconds, trainingImageCount: training.count,
                          trainingFingerprint: trainingFingerprint)
    }

    private static func loadImages(_ options: EqSpikeTrainingOptions) throws -> (LabelledImages, LabelledImages?) {
        let (training, test) = try MNISTDirectory.loadTrainingAndTest(directory: options.mnistDirectory,
                                                                      withTest: options.testLimit != 0)
        func limited(_ images: LabelledImages, _ limit: Int?) -> LabelledImages { limit.map { images.prefix($0) } ?? images }
        return (limited(training, options.trainLimit), test.map { limited($0, options.testLimit) })
    }

    /// "784-500-10"
    static func name(_ model: LayeredEnergyModel) -> String {
        model.layerSizes.map(String.init).joined(separator: "-")
    }

    private static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }
}
