import Diagnostics
import Foundation
import Formats
import Reservoir

/// What `spinsim reservoir train` is asked to do, as a value.
public struct ReservoirTrainingOptions: Sendable {
    /// The directory of `{digit}_{speaker}_{index}.wav` recordings.
    public var dataDirectory: String
    /// Folds by recording index: the read-out's regularisation is chosen by
    /// cross-validation over them, and with `evaluateFolds` every fold is
    /// also held out once for the accuracy report.
    public var folds = 5
    public var evaluateFolds = true
    public var frontEnd = FrontEnd(kind: .cochleagram)
    public var reservoir = ReservoirParameters()
    public var search = RegularisationSearch()
    /// Where the model is written (HDF5), or nil.
    public var savePath: String?
    public var replacing = false
    /// Threads; nil: all cores. Results do not depend on it.
    public var threads: Int?
    /// Draw a progress line (rate, ETA) on stderr while node states are computed.
    public var showsProgress = false

    public init(dataDirectory: String) {
        self.dataDirectory = dataDirectory
    }
}

/// One `spinsim reservoir train` run: reads the recordings, computes their
/// features and node states, cross-validates, fits the read-out on all of
/// them and saves the model (atomically).
public struct ReservoirTrainingRun: Sendable {
    public let options: ReservoirTrainingOptions
    public let corpus: SpokenDigitCorpus

    /// Checks every option and that the model may be saved, before any work.
    public init(options: ReservoirTrainingOptions) throws(InputError) {
        if let threads = options.threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        guard (3...100).contains(options.folds) else { throw InputError(input: "--folds", message: "must be 3 to 100 (got \(options.folds))") }
        do { try options.frontEnd.validate() } catch { throw error.located(in: "front end") }
        do { try options.reservoir.validate() } catch { throw error.located(in: "reservoir") }
        corpus = try SpokenDigitCorpus(directory: options.dataDirectory)
        let indices = Set(corpus.recordings.map { $0.index % options.folds })
        guard indices.count == options.folds else {
            throw InputError(input: options.dataDirectory,
                             message: "recording indices fill \(indices.count) of \(options.folds) folds (index mod \(options.folds)); every fold needs recordings")
        }
        if let path = options.savePath {
            try OutputPolicy.check(path, replacing: options.replacing)
            try OutputPolicy.checkDistinct(outputs: [.init("--save", path)], inputs: corpus.recordings.map { .init("recording", $0.path) })
        }
        self.options = options
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> ReservoirTrainingResult {
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let start = Date()
        let recordings = corpus.recordings
        progress("front end: \(options.frontEnd.kind.rawValue) of \(recordings.count) recordings")
        let features = try SpokenDigitCorpus.features(of: recordings, frontEnd: options.frontEnd, threads: threads)
        let featureSeconds = Date().timeIntervalSince(start)
        let items = zip(recordings, features).map { recording, frames in
            LabelledUtterance(features: frames, label: recording.digit, fold: recording.index % options.folds)
        }
        let reservoir = OscillatorReservoir(parameters: options.reservoir, features: features[0].channels)
        progress("reservoir: \(options.reservoir.element.rawValue), \(options.reservoir.nodes) nodes per frame")
        let stateStart = Date()
        let line = SharedProgress(total: Double(items.count), unit: "utterances", enabled: options.showsProgress)
        let states = FoldStates(items, folds: options.folds, classes: SpokenDigitCorpus.classes.count,
                                reservoir: reservoir, threads: threads, progress: { line.add(Double($0)) })
        line.finish()
        let stateSeconds = Date().timeIntervalSince(stateStart)
        let crossValidation = options.evaluateFolds ? CrossValidation(states, search: options.search, threads: threads) : nil
        guard let final = options.search.fit(equations: states.equations, utterances: states.utterances) else {
            throw InputError(input: options.dataDirectory, message: "the read-out's equations are singular at every regularisation")
        }
        let seconds = Date().timeIntervalSince(start)
        let model = ReservoirModel(frontEnd: options.frontEnd, sampleRate: try SpokenDigitCorpus.sampleRate(of: recordings),
                                   reservoir: options.reservoir, readout: final.readout, classes: SpokenDigitCorpus.classes)
        if let path = options.savePath {
            try ReservoirModelFile(model: model, crossValidation: crossValidation, provenance: [
                "spinsim_version": Provenance.version, "command_line": Provenance.commandLine,
                "training_data": options.dataDirectory, "training_recordings": String(recordings.count),
            ]).write(path: path, replacing: options.replacing)
        }
        return ReservoirTrainingResult(options: options, recordings: recordings.count,
                                       frames: features.reduce(0) { $0 + $1.frameCount },
                                       crossValidation: crossValidation, final: final, nodeUpdates: states.nodeUpdates,
                                       featureSeconds: featureSeconds, stateSeconds: stateSeconds, wallSeconds: seconds)
    }
}
