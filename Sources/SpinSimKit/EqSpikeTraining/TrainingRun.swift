import EqSpike
import Foundation
import Formats
import Diagnostics
import SpikeNeurons

/// One `eqspike train` or `eqspike resume` run: trains epoch after epoch,
/// rewrites the model file after each, writes checkpoints, and stops cleanly
/// on SIGINT/SIGTERM.
///
/// On a signal the current minibatch finishes, the checkpoint (if any) is
/// written, and the model file is left as it was after the last finished
/// epoch (its `completed` attribute says which); spinsim then exits with
/// 128 + the signal number. A second signal exits at once.
public struct EqSpikeTrainingSession {
    public var options: EqSpikeTrainingOptions
    public var training: LabelledImages
    public var test: LabelledImages?
    public var showProgress: Bool
    /// Set when continuing from a checkpoint (provenance).
    public var resumedFrom: String?
    /// Training wall seconds before this process started (from the checkpoint).
    public var earlierWallSeconds = 0.0

    public init(options: EqSpikeTrainingOptions, training: LabelledImages, test: LabelledImages?, showProgress: Bool,
                resumedFrom: String? = nil, earlierWallSeconds: Double = 0) {
        self.options = options
        self.training = training
        self.test = test
        self.showProgress = showProgress
        self.resumedFrom = resumedFrom
        self.earlierWallSeconds = earlierWallSeconds
    }

    /// Minibatches between checkpoints: --checkpoint-every rounded to whole minibatches.
    public func checkpointMinibatches(batchSize: Int) -> Int? {
        options.checkpointEvery.map { max(1, Int((Double($0) / Double(batchSize)).rounded())) }
    }

    public func run<Network>(_ trainer: inout EqSpikeTrainer<Network>, checkpointing: Bool) throws {
        Interruption.install()
        let epochs = options.epochs
        let start = Date().addingTimeInterval(-earlierWallSeconds)
        let wallSeconds = { Date().timeIntervalSince(start) }
        let every = checkpointing ? checkpointMinibatches(batchSize: trainer.settings.batchSize) : nil
        let done = trainer.history.count * training.count
            + min((trainer.partialEpoch?.minibatchesDone ?? 0) * trainer.settings.batchSize, training.count)
        let reporter = EqSpikeProgress(totalExamples: epochs * training.count, alreadyDone: done, enabled: showProgress)
        var checkpointSeconds = 0.0, checkpointCount = 0
        func saveCheckpoint() throws {
            let begin = Date()
            try checkpoint(of: trainer, wallSeconds: wallSeconds()).save(to: options.checkpointPath)
            checkpointSeconds += Date().timeIntervalSince(begin)
            checkpointCount += 1
        }
        while trainer.history.count < epochs {
            let epoch = trainer.history.count
            let record = trainer.trainEpoch(on: training, test: test, threads: options.threads, wallSeconds: wallSeconds,
                                            progress: { status in
                reporter.update(examplesDone: epoch * training.count + status.examplesDone,
                                epoch: epoch, epochs: epochs, correct: status.correct, seen: status.examplesDone)
            }, pauseAfter: { status in
                Interruption.received != nil || every.map { status.minibatchesDone % $0 == 0 } ?? false
            })
            guard let record else {
                if checkpointing { try saveCheckpoint() }
                if let signal = Interruption.received {
                    reporter.finishLine()
                    let position = trainer.partialEpoch!.minibatchesDone * trainer.settings.batchSize
                    try interrupted(signal, where: "in epoch \(epoch + 1) after \(position) of \(training.count) examples",
                                    checkpointing: checkpointing, finishedEpochs: epoch)
                }
                continue
            }
            reporter.finishLine()
            report(record, settings: trainer.settings, epochs: epochs)
            try writeModel(of: trainer)
            if checkpointing { try saveCheckpoint() }
            if let signal = Interruption.received, trainer.history.count < epochs {
                try interrupted(signal, where: "after epoch \(epoch + 1)", checkpointing: checkpointing,
                                finishedEpochs: epoch + 1)
            }
        }
        print("saved \(options.savePath)")
        if checkpointCount > 0 {
            let size = (try? FileManager.default.attributesOfItem(atPath: options.checkpointPath)[.size] as? Int) ?? nil
            print(String(format: "checkpoint %@: %d writes, %.3f s each on average, %@ bytes", options.checkpointPath,
                         checkpointCount, checkpointSeconds / Double(checkpointCount), size.map { grouped(Double($0)) } ?? "?"))
        }
    }

    /// The one-line message and exit code of a run stopped by a signal.
    private func interrupted(_ signal: Int32, where position: String, checkpointing: Bool, finishedEpochs: Int) throws -> Never {
        let resume = checkpointing
            ? "checkpoint in \(options.checkpointPath) (continue with: spinsim eqspike resume \(options.checkpointPath))"
            : "no checkpoint (pass --checkpoint to keep unfinished epochs)"
        let model = finishedEpochs == 0
            ? "\(options.savePath) not written yet" : "\(options.savePath) holds \(finishedEpochs) finished epoch(s)"
        FileHandle.standardError.write(Data(
            "spinsim: interrupted by \(Interruption.name(signal)) \(position); \(resume); \(model)\n".utf8))
        throw Interrupted(signal: signal)
    }

    private func report(_ record: EpochRecord, settings: EqSpikeSettings, epochs: Int) {
        let counters = record.counters
        let testText = record.testAccuracy.isNaN ? "-" : String(format: "%.2f %%", 100 * record.testAccuracy)
        let cost = settings.dynamics == .rate
            ? String(format: "%.1f sweeps/example", counters.freeSweepsPerExample)
            : "\(grouped(counters.freeSpikesPerExample)) free + \(grouped(counters.nudgedSpikesPerExample)) nudged spikes/example"
        print(String(format: "epoch %d/%d: train %.2f %%, test %@, lr factor %.3f, %@, %.1f s",
                     record.epoch + 1, epochs, 100 * record.trainAccuracy, testText, record.learningRateFactor, cost,
                     record.wallSeconds))
        if counters.unconvergedPhases > 0 {
            print("  warning: \(counters.unconvergedPhases) phases stopped before equilibrium")
        }
        fflush(nil)  // one line per epoch, visible at once in a log file
    }

    private func writeModel<Network>(of trainer: EqSpikeTrainer<Network>) throws {
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
        do {
            try file.write(path: options.savePath, overwrite: true)
        } catch let error as InputError {
            throw InputError(error.description)
        }
    }

    private func checkpoint<Network>(of trainer: EqSpikeTrainer<Network>, wallSeconds: Double) -> EqSpikeCheckpoint {
        EqSpikeCheckpoint(spinsimVersion: Provenance.version, options: options, settings: trainer.settings,
                          seed: trainer.seed, model: trainer.model, history: trainer.history,
                          signature: trainer.signature, partialEpoch: trainer.partialEpoch, wallSeconds: wallSeconds,
                          trainingImageCount: training.count,
                          trainingFingerprint: EqSpikeCheckpoint.fingerprint(of: training))
    }
}

/// Examples/s, ETA and running training accuracy on one refreshing stderr
/// line, at most twice per second (called between minibatches).
final class EqSpikeProgress {
    private let totalExamples: Int
    /// Examples trained before this process started (a resumed run).
    private let alreadyDone: Int
    private let enabled: Bool
    private let start = Date()
    private var lastPrint = Date.distantPast
    private var printed = false

    init(totalExamples: Int, alreadyDone: Int, enabled: Bool) {
        self.totalExamples = totalExamples
        self.alreadyDone = alreadyDone
        self.enabled = enabled
    }

    func update(examplesDone: Int, epoch: Int, epochs: Int, correct: Int, seen: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= 0.5 else { return }
        lastPrint = now
        printed = true
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(examplesDone - alreadyDone) / max(elapsed, 1e-9)
        let eta = rate > 0 ? Double(totalExamples - examplesDone) / rate : .infinity
        let line = String(format: "\repoch %d/%d  %.0f examples/s  ETA %@  running train accuracy %.2f %%   ",
                          epoch + 1, epochs, rate, eta.isFinite ? String(format: "%.0f s", eta) : "?",
                          100 * Double(correct) / Double(max(seen, 1)))
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finishLine() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
        printed = false
    }
}
