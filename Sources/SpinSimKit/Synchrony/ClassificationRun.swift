import Diagnostics
import Foundation
import Formats
import SynchronyTask

/// What `spinsim cheese classify` is asked to do, as a value.
public struct ClassificationOptions: Sendable {
    /// The CSV of samples (columns t2, t3, optional cheese).
    public var dataPath: String
    /// A class of the benchmark, or "all" for one detector per class and a multi-class decision.
    public var target = "cheddar"
    /// Detector parameters (JSON: one detector or a list); nil: the built-in detectors.
    public var parametersPath: String?
    /// Which built-in detectors to use (without a parameter file).
    public var model: SynchronyDetectorParameters.Model = .device
    /// Overrides of every detector's coupling K (MHz), linewidth (MHz FWHM) and noise seed.
    public var coupling: Double?
    public var linewidth: Double?
    /// Device model: mismatch of every detector's devices (f0 spread in MHz, relative kI spread).
    public var frequencySpread: Double?
    public var tunabilitySpread: Double?
    public var seed: UInt64?
    /// Threads; nil: all cores. Results do not depend on it.
    public var threads: Int?
    /// Where to write the predictions CSV and the HDF5 trace, if anywhere.
    public var predictionsPath: String?
    public var tracePath: String?
    /// Whether an existing predictions or trace file may be replaced.
    public var replacing = false
    /// Sampling interval of the trace's phases and frequencies (task units).
    public var sampleInterval = 1.0
    /// Written to the trace as provenance.
    public var commandLine = Provenance.commandLine

    public init(dataPath: String) {
        self.dataPath = dataPath
    }

    /// Checks the options that need no file; errors name the option.
    public func validate() throws(InputError) {
        guard target == "all" || CheeseBenchmark.classes.contains(target) else {
            throw InputError(input: "--target", message:
                "must be one of \(CheeseBenchmark.classes.joined(separator: ", ")) or all (got \(target))")
        }
        if let coupling, !(coupling.isFinite && coupling >= 0) { throw InputError(input: "--coupling", message: "must be >= 0 MHz") }
        if let linewidth, !(linewidth.isFinite && linewidth >= 0) { throw InputError(input: "--linewidth", message: "must be >= 0 MHz") }
        if let frequencySpread, !(frequencySpread.isFinite && frequencySpread >= 0) {
            throw InputError(input: "--frequency-spread", message: "must be >= 0 MHz")
        }
        if let tunabilitySpread, !(tunabilitySpread.isFinite && tunabilitySpread >= 0 && tunabilitySpread < 0.5) {
            throw InputError(input: "--tunability-spread", message: "must be in [0, 0.5)")
        }
        if let threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        guard sampleInterval.isFinite && sampleInterval > 0 else {
            throw InputError(input: "sample interval", message: "must be a positive number of task units")
        }
    }
}

/// One `spinsim cheese classify` run: reads the samples and the detectors,
/// classifies every sample with every detector (on several threads), makes
/// the multi-class decision, and writes the predictions and the trace.
///
/// With a trace, each sample is simulated once, recording on: the trace is
/// written from those simulations, whose decisions are the ones reported.
/// Samples are classified in batches of a few per thread so that only a
/// batch's recordings are in memory at a time.
public struct ClassificationRun: Sendable {
    public let options: ClassificationOptions
    public let rows: [CheeseRow]
    /// The detectors, in class order for "all", with the overrides applied.
    public let detectors: [SynchronyDetector]

    /// Validates the options, reads the files and checks the outputs may be
    /// written, so that nothing is simulated for a run that cannot finish.
    public init(options: ClassificationOptions) throws(InputError) {
        try options.validate()
        self.options = options
        rows = try CheeseCSV.read(path: options.dataPath)
        let targets = options.target == "all" ? CheeseBenchmark.classes : [options.target]
        var parameters = try Self.detectors(for: targets, from: options.parametersPath, model: options.model)
        for index in parameters.indices {
            if let coupling = options.coupling { parameters[index].coupling = coupling }
            if let linewidth = options.linewidth { parameters[index].linewidth = linewidth }
            if let spread = options.frequencySpread { parameters[index].frequencySpread = spread }
            if let spread = options.tunabilitySpread { parameters[index].tunabilitySpread = spread }
            if let seed = options.seed { parameters[index].seed = seed }
        }
        var detectors: [SynchronyDetector] = []
        for detector in parameters {
            do { detectors.append(try SynchronyDetector(parameters: detector)) } catch {
                throw error.located(in: options.parametersPath ?? "detector \(detector.target)")
            }
        }
        self.detectors = detectors
        for path in [options.predictionsPath, options.tracePath].compactMap({ $0 }) {
            try OutputPolicy.check(path, replacing: options.replacing)
        }
        try OutputPolicy.checkDistinct(
            outputs: [options.predictionsPath.map { OutputPolicy.Role("--predictions", $0) }, options.tracePath.map { .init("--out", $0) }].compactMap { $0 },
            inputs: [.init("--data", options.dataPath)] + (options.parametersPath.map { [.init("--params", $0)] } ?? []))
    }

    /// Detectors for `targets`: from a parameter file, or built in.
    private static func detectors(for targets: [String], from path: String?,
                                  model: SynchronyDetectorParameters.Model) throws(InputError) -> [SynchronyDetectorParameters] {
        guard let path else {
            return try targets.map { (name) throws(InputError) in
                guard let builtIn = CheeseBenchmark.detector(for: name, model: model) else {
                    throw InputError(input: "--target", message: "no built-in detector for \(name); pass --params")
                }
                return builtIn
            }
        }
        let loaded = try DetectorFile.read(path: path)
        // A file with a single detector serves a single target whatever its name.
        if targets.count == 1 && loaded.count == 1 { return loaded }
        return try targets.map { (name) throws(InputError) in
            guard let match = loaded.first(where: { $0.target == name }) else {
                throw InputError(input: path, message: "no detector with target \(name)")
            }
            return match
        }
    }

    /// Classifies, decides and writes the outputs.
    public func run() throws(InputError) -> ClassificationResult {
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        var seconds = 0.0
        let decisions = if let tracePath = options.tracePath {
            try classifyRecording(into: tracePath, threads: threads, seconds: &seconds)
        } else {
            detectors.map { classify($0, rows.indices, threads: threads, recording: false, seconds: &seconds).map(\.decision) }
        }
        let result = ClassificationResult(detectors: detectors.map(\.parameters), rows: rows, decisions: decisions,
                                          wallSeconds: seconds)
        if let predictionsPath = options.predictionsPath {
            let text = PredictionsCSV.text(result.predictions, includePredicted: result.isMultiClass)
            try AtomicOutput.write(Data(text.utf8), to: predictionsPath, replacing: options.replacing)
        }
        return result
    }

    /// One detector on the samples `batch`, adding the wall time to `seconds`.
    private func classify(_ detector: SynchronyDetector, _ batch: Range<Int>, threads: Int, recording: Bool,
                          seconds: inout Double) -> [SynchronyDetector.Classification] {
        let start = Date()
        defer { seconds += Date().timeIntervalSince(start) }
        return detector.classify(rows[batch].map(\.sample), firstIndex: batch.lowerBound, threads: threads,
                                 recordingEvery: recording ? options.sampleInterval : nil)
    }

    /// Classifies every sample with recording on and writes the trace from
    /// those simulations; returns their decisions (detector x sample). Samples
    /// go in batches of a few per thread, each batch written before the next
    /// is simulated, so that only one batch's recordings are in memory. The
    /// trace appears at `path` only when complete (`AtomicOutput`).
    private func classifyRecording(into path: String, threads: Int, seconds: inout Double) throws(InputError) -> [[SynchronyDecision]] {
        let batchSize = 4 * threads
        let samples = rows.map(\.sample), labels = rows.map(\.cheese)
        var decisions: [[SynchronyDecision]] = []
        do {
            try AtomicOutput(path: path, replacing: options.replacing).write { temporaryPath in
                let trace = try ClassificationTrace(path: temporaryPath, commandLine: options.commandLine)
                for detector in detectors {
                    try trace.beginDetector(detector.parameters, samples: samples, labels: labels)
                    var detected: [SynchronyDecision] = []
                    for first in Swift.stride(from: 0, to: rows.count, by: batchSize) {
                        let batch = first..<min(first + batchSize, rows.count)
                        let outcomes = classify(detector, batch, threads: threads, recording: true, seconds: &seconds)
                        for (index, outcome) in zip(batch, outcomes) {
                            try trace.addSample(index, outcome.recording!, sampleInterval: options.sampleInterval)
                            detected.append(outcome.decision)
                        }
                    }
                    try trace.endDetector(decisions: detected)
                    decisions.append(detected)
                }
                try trace.finish()
            }
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(input: path, message: "\(error)")
        }
        return decisions
    }
}
