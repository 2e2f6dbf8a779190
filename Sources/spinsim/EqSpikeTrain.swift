import ArgumentParser
import EqSpike
import Foundation
import IO

struct EqSpikeTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a layered network by (spike-driven) Equilibrium Propagation and save it.",
        discussion: """
            Prints one line per epoch (training and test accuracy, spikes per example, \
            wall time) and rewrites --save after every epoch. Results do not depend on \
            --threads.
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

    @Flag(help: "Replace the --save file if it exists.")
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

    @Option(help: "Epochs at the initial learning rates before the decay.")
    var holdEpochs = 12

    @Option(help: "Learning-rate factor per epoch after the hold.")
    var decay = 0.8

    @Option(help: "Worker threads (1 or 2; results are identical).")
    var threads = 2

    @Flag(inversion: .prefixedNo, help: "Show progress on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    func parseList(_ text: String, _ option: String) throws -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
            throw ValidationError("\(option) must be a comma-separated list of numbers (got \(text))")
        }
        return values.map { $0! }
    }

    func run() throws {
        let hiddenSizes = try parseList(hidden, "--hidden").map { Int(exactly: $0) ?? 0 }
        guard hiddenSizes.allSatisfy({ $0 > 0 }) else { throw ValidationError("--hidden sizes must be positive integers") }
        guard epochs >= 1 else { throw ValidationError("--epochs must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if !force && FileManager.default.fileExists(atPath: save) {
            throw CommandError("\(save): already exists; pass --force to replace it")
        }
        var settings = EqSpikeSettings()
        settings.dynamics = rate ? .rate : .spiking
        settings.quantum = quantum
        settings.hysteresis = hysteresis
        settings.nudgingStrength = beta
        settings.symmetricNudging = !oneSided
        settings.batchSize = batchSize
        settings.learningRates = try learningRates.map { try parseList($0, "--learning-rates") }
            ?? EqSpikeSettings.defaultLearningRates(hiddenLayers: hiddenSizes.count)
        settings.holdEpochs = holdEpochs
        settings.decayFactor = decay
        if let problem = settings.problem(matrixCount: hiddenSizes.count + 1) { throw ValidationError(problem) }

        let directory = try mnistDirectory(mnist)
        let training = try loadMNIST(directory, .training, limit: trainLimit)
        let test = testLimit == 0 ? nil : try loadMNIST(directory, .test, limit: testLimit)
        guard training.count > 0 else { throw CommandError("\(directory): no training images") }
        let model = LayeredEnergyModel(layerSizes: [training.pixelsPerImage] + hiddenSizes + [training.classCount],
                                       seed: seed)
        let start = Date()
        let provenance = [
            "spinsim_version": SpinSim.version,
            "command_line": CommandLine.arguments.joined(separator: " "),
            "wall_clock_start": ISO8601DateFormatter().string(from: start),
            "mnist_directory": directory,
        ]
        print("EqSpike \(settings.dynamics.rawValue) network \(model.layerSizes.map(String.init).joined(separator: "-")), "
              + "\(training.count) training and \(test?.count ?? 0) test images, seed \(seed)")
        if rate {
            try train(EqSpikeTrainer<RateEquilibriumNetwork>(model: model, settings: settings, seed: seed),
                      training: training, test: test, provenance: provenance, start: start)
        } else {
            try train(EqSpikeTrainer<SpikingEquilibriumNetwork>(model: model, settings: settings, seed: seed),
                      training: training, test: test, provenance: provenance, start: start)
        }
    }

    func train<Network>(_ trainer: EqSpikeTrainer<Network>, training: LabelledImages, test: LabelledImages?,
                        provenance: [String: String], start: Date) throws {
        var trainer = trainer
        let reporter = EqSpikeProgress(totalExamples: epochs * training.count,
                                       enabled: progress ?? (isatty(STDERR_FILENO) != 0))
        for epoch in 0..<epochs {
            let record = trainer.trainEpoch(on: training, test: test, threads: threads,
                                            wallSeconds: { Date().timeIntervalSince(start) }) { status in
                reporter.update(examplesDone: epoch * training.count + status.examplesDone,
                                epoch: epoch, epochs: epochs, correct: status.correct, seen: status.examplesDone)
            }
            reporter.finishLine()
            let counters = record.counters
            let testText = record.testAccuracy.isNaN ? "-" : String(format: "%.2f %%", 100 * record.testAccuracy)
            let cost = rate
                ? String(format: "%.1f sweeps/example", counters.freeSweepsPerExample)
                : "\(grouped(counters.freeSpikesPerExample)) free + \(grouped(counters.nudgedSpikesPerExample)) nudged spikes/example"
            print(String(format: "epoch %d/%d: train %.2f %%, test %@, lr factor %.3f, %@, %.1f s",
                         epoch + 1, epochs, 100 * record.trainAccuracy, testText, record.learningRateFactor, cost,
                         record.wallSeconds))
            if counters.unconvergedPhases > 0 {
                print("  warning: \(counters.unconvergedPhases) phases stopped before equilibrium")
            }
            fflush(nil)  // one line per epoch, visible at once in a log file
            var finalProvenance = provenance
            finalProvenance["wall_clock_end"] = ISO8601DateFormatter().string(from: Date())
            finalProvenance["completed"] = epoch + 1 == epochs ? "true" : "false (epoch \(epoch + 1) of \(epochs))"
            let file = EqSpikeModelFile(model: trainer.model, settings: trainer.settings, seed: trainer.seed,
                                        history: trainer.history, signature: trainer.signature,
                                        provenance: finalProvenance)
            do {
                try file.write(path: save, overwrite: true)
            } catch let error as HDF5Error {
                throw CommandError(error.description)
            }
        }
        print("saved \(save)")
    }
}

/// Examples/s, ETA and running training accuracy on one refreshing stderr
/// line, at most twice per second (called between minibatches).
final class EqSpikeProgress {
    private let totalExamples: Int
    private let enabled: Bool
    private let start = Date()
    private var lastPrint = Date.distantPast
    private var printed = false

    init(totalExamples: Int, enabled: Bool) {
        self.totalExamples = totalExamples
        self.enabled = enabled
    }

    func update(examplesDone: Int, epoch: Int, epochs: Int, correct: Int, seen: Int) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= 0.5 else { return }
        lastPrint = now
        printed = true
        let elapsed = now.timeIntervalSince(start)
        let rate = Double(examplesDone) / max(elapsed, 1e-9)
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
