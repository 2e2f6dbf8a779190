import Diagnostics
import Foundation
import Formats
import SynchronyTask

/// What `spinsim cheese train` is asked to do, as a value.
public struct DetectorTrainingOptions: Sendable {
    /// The labelled CSV of samples (columns t2, t3, cheese).
    public var dataPath: String
    /// The class to detect (a value of the cheese column, any case).
    public var target: String
    /// Where the trained detector is written (JSON).
    public var savePath: String
    /// Whether an existing file at `savePath` may be replaced.
    public var replacing = false
    /// The search (seed, couplings, effort); its `threads` is set from `threads`.
    public var trainer = SynchronyDetectorTrainer()
    /// Threads; nil: all cores. Results do not depend on it.
    public var threads: Int?

    public init(dataPath: String, target: String, savePath: String) {
        self.dataPath = dataPath
        self.target = target
        self.savePath = savePath
    }

    /// Couplings K (MHz) from a comma-separated list such as "1,1.5,2".
    public static func couplings(from text: String) throws(InputError) -> [Double] {
        let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }) else {
            throw InputError(input: "--couplings", message: "must be a comma-separated list of non-negative numbers (got \(text))")
        }
        return values.map { $0! }
    }
}

/// One `spinsim cheese train` run: reads the labelled samples, learns a
/// detector for the target class and saves it (atomically).
public struct DetectorTrainingRun: Sendable {
    public let options: DetectorTrainingOptions
    public let rows: [CheeseRow]
    /// Whether each sample is of the target class.
    public let labels: [Bool]

    /// Reads the samples and checks that both kinds are present and that the
    /// detector may be saved, before any training.
    public init(options: DetectorTrainingOptions) throws(InputError) {
        if let threads = options.threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        self.options = options
        rows = try CheeseCSV.read(path: options.dataPath)
        guard rows.allSatisfy({ $0.cheese != nil }) else {
            throw InputError(input: options.dataPath, message: "training needs a cheese column")
        }
        let name = options.target.lowercased()
        labels = rows.map { $0.cheese == name }
        guard labels.contains(true) else { throw InputError(input: options.dataPath, message: "no sample of class \(name)") }
        guard labels.contains(false) else {
            throw InputError(input: options.dataPath, message: "every sample is of class \(name)")
        }
        try OutputPolicy.check(options.savePath, replacing: options.replacing)
        try OutputPolicy.checkDistinct(outputs: [.init("--save", options.savePath)], inputs: [.init("--data", options.dataPath)])
    }

    /// Trains and saves the detector; `progress` receives one line per stage.
    public func run(progress: (String) -> Void = { _ in }) throws(InputError) -> DetectorTrainingResult {
        var trainer = options.trainer
        trainer.threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let target = options.target.lowercased()
        let start = Date()
        guard let training = trainer.train(target: target, samples: rows.map(\.sample), labels: labels, progress: progress) else {
            throw InputError(input: options.dataPath, message: "training found no valid detector for class \(target)")
        }
        let seconds = Date().timeIntervalSince(start)
        try DetectorFile.write(training.parameters, to: options.savePath, replacing: options.replacing)
        return DetectorTrainingResult(training: training, wallSeconds: seconds, savePath: options.savePath)
    }
}

/// What training found, and the summary `cheese train` prints.
public struct DetectorTrainingResult: Sendable {
    public let training: SynchronyDetectorTrainer.Result
    public let wallSeconds: Double
    public let savePath: String

    public var summary: String {
        let p = training.parameters
        return [
            "target             \(p.target)",
            "start frequencies  \(p.startFrequencies.map { String(format: "%.4f", $0) }.joined(separator: ", ")) MHz",
            "ramp rates         \(p.rampRates.map { String(format: "%.6f", $0) }.joined(separator: ", ")) MHz/unit",
            String(format: "coupling K         %.3g MHz, threshold %.3f", p.coupling, p.threshold),
            String(format: "line geometry      positives meet within %.3f MHz, negatives stay >= %.3f MHz apart",
                   training.positiveSpread, training.negativeSpread),
            String(format: "simulated scores   positives >= %.3f, negatives <= %.3f",
                   training.lowestPositiveScore, training.highestNegativeScore),
            String(format: "training accuracy  %d/%d", training.correct, training.total),
            String(format: "simulations        %d (%llu events), wall time %.1f s", training.simulations, training.events,
                   wallSeconds),
            "saved              \(savePath)",
        ].joined(separator: "\n")
    }
}
