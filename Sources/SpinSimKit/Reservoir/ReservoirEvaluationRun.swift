import Diagnostics
import Foundation
import Formats
import Reservoir

/// One `spinsim reservoir evaluate` run: classifies every recording of a
/// directory with a saved model, and optionally writes a trace of chosen
/// utterances (features, node currents and states, output scores).
public struct ReservoirEvaluationRun: Sendable {
    public let corpus: SpokenDigitCorpus
    public let model: ReservoirModelFile
    public let modelPath: String
    public let traced: [SpokenDigitCorpus.Recording]
    public let tracePath: String?
    public let replacing: Bool
    public let threads: Int

    public init(dataDirectory: String, modelPath: String, tracePath: String? = nil, traced names: [String] = [],
                replacing: Bool = false, threads: Int? = nil) throws {
        if let threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        let model = try ReservoirModelFile.read(path: modelPath)
        let corpus = try SpokenDigitCorpus(directory: dataDirectory)
        self.model = model
        self.corpus = corpus
        if let bad = corpus.recordings.first(where: { !(0..<model.model.classes.count).contains($0.digit) }) {
            throw InputError(input: bad.path, "digit \(bad.digit) is not a class of \(modelPath)")
        }
        guard tracePath != nil || names.isEmpty else { throw InputError(input: "--record", message: "needs --out") }
        traced = tracePath == nil ? [] : (names.isEmpty ? Array(corpus.recordings.prefix(1)) : try corpus.selecting(names))
        if let tracePath {
            try OutputPolicy.check(tracePath, replacing: replacing)
            try OutputPolicy.checkDistinct(outputs: [.init("--out", tracePath)],
                                           inputs: [.init("--model", modelPath)] + corpus.recordings.map { .init("recording", $0.path) })
        }
        self.modelPath = modelPath
        self.tracePath = tracePath
        self.replacing = replacing
        self.threads = threads ?? ProcessInfo.processInfo.activeProcessorCount
    }

    public func run() throws -> ReservoirEvaluationResult {
        let start = Date()
        let m = model.model
        let rate = try SpokenDigitCorpus.sampleRate(of: corpus.recordings)
        guard rate == m.sampleRate else {
            throw InputError(input: corpus.recordings[0].path, "sample rate \(rate) Hz, the model was trained at \(m.sampleRate) Hz")
        }
        let features = try SpokenDigitCorpus.features(of: corpus.recordings, frontEnd: m.frontEnd, threads: threads)
        let reservoir = OscillatorReservoir(parameters: m.reservoir, features: features[0].channels)
        let items = zip(corpus.recordings, features).map { LabelledUtterance(features: $1, label: $0.digit, fold: 0) }
        let states = FoldStates(items, folds: 1, classes: m.classes.count, reservoir: reservoir, threads: threads)
        var confusion = Array(repeating: Array(repeating: 0, count: m.classes.count), count: m.classes.count)
        var predictions: [Int] = []
        for utterance in states.utterances[0] {
            let predicted = m.readout.predict(stateSum: utterance.stateSum, frames: utterance.frames)
            predictions.append(predicted)
            confusion[utterance.label][predicted] += 1
        }
        if let tracePath {
            try writeTrace(tracePath, reservoir: reservoir,
                           traced: traced.map { r in (r, features[corpus.recordings.firstIndex(of: r)!]) })
        }
        return ReservoirEvaluationResult(recordings: corpus.recordings, predictions: predictions, confusion: confusion,
                                         nodeUpdates: states.nodeUpdates, wallSeconds: Date().timeIntervalSince(start),
                                         tracePath: tracePath)
    }

    /// The trace, written atomically:
    ///
    ///     /reservoir attributes: model, front_end and reservoir (JSON), classes
    ///     /reservoir/utterances/<name>   attributes digit, predicted, speaker, index; datasets
    ///         features (frames x features), currents_ma and power (frames x nodes: the
    ///         oscillator's drive and its power at the end of each virtual node), scores (classes)
    private func writeTrace(_ path: String, reservoir: OscillatorReservoir,
                            traced: [(SpokenDigitCorpus.Recording, FeatureFrames)]) throws {
        let m = model.model
        try AtomicOutput(path: path, replacing: replacing).write { temporaryPath in
            let file = try HDF5File.create(path: temporaryPath, overwrite: true)
            let root = try file.rootGroup()
            try root.setAttribute("spinsim_version", string: Provenance.version)
            try root.setAttribute("command_line", string: Provenance.commandLine)
            let group = try root.createGroup("reservoir")
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try group.setAttribute("model", string: modelPath)
            try group.setAttribute("front_end", string: String(decoding: try encoder.encode(m.frontEnd), as: UTF8.self))
            try group.setAttribute("reservoir", string: String(decoding: try encoder.encode(m.reservoir), as: UTF8.self))
            try group.setAttribute("classes", string: m.classes.joined(separator: ","))
            try group.setAttribute("frame_hop_s", value: m.frontEnd.hop)
            let utterances = try group.createGroup("utterances")
            for (recording, features) in traced {
                let u = try utterances.createGroup(String(recording.name.dropLast(4)))
                func matrix(_ name: String, _ frames: FeatureFrames) throws {
                    let d = try u.createExtendibleDataset(name, of: Double.self, chunkSize: max(1, min(frames.frameCount, 256)),
                                                          columns: frames.channels, compressionLevel: 4)
                    try d.append(frames.values)
                }
                try matrix("features", features)
                let states = reservoir.states(features)
                if let currents = reservoir.currents(features) {
                    try matrix("currents_ma", currents)
                    try matrix("power", states)
                } else {
                    try matrix("states", states)
                }
                let summary = UtteranceStates(states, label: recording.digit)
                let scores = m.readout.scores(stateSum: summary.stateSum, frames: summary.frames)
                try u.createDataset("scores", values: scores)
                try u.setAttribute("digit", value: UInt64(recording.digit))
                try u.setAttribute("predicted", value: UInt64(m.readout.predict(stateSum: summary.stateSum, frames: summary.frames)))
                try u.setAttribute("speaker", string: recording.speaker)
                try u.setAttribute("index", value: UInt64(recording.index))
            }
            try file.flush()
        }
    }
}

public struct ReservoirEvaluationResult: Sendable {
    public let recordings: [SpokenDigitCorpus.Recording]
    public let predictions: [Int]
    public let confusion: [[Int]]
    public let nodeUpdates: UInt64
    public let wallSeconds: Double
    public let tracePath: String?

    public var correct: Int { zip(recordings, predictions).filter { $0.digit == $1 }.count }

    public var summary: String {
        var lines = [String(format: "accuracy   %d/%d (%.2f %%)", correct, recordings.count,
                            100 * Double(correct) / Double(max(recordings.count, 1)))]
        let speakers = Set(recordings.map(\.speaker)).sorted()
        for speaker in speakers {
            let mine = zip(recordings, predictions).filter { $0.0.speaker == speaker }
            lines.append("  \(speaker.padding(toLength: 10, withPad: " ", startingAt: 0)) \(mine.filter { $0.0.digit == $0.1 }.count)/\(mine.count)")
        }
        lines.append("confusion (rows: true digit, columns: predicted)")
        for row in confusion { lines.append("  " + row.map { String(format: "%4d", $0) }.joined()) }
        lines.append(String(format: "time       %.1f s wall, %llu node updates", wallSeconds, nodeUpdates))
        if let tracePath { lines.append("trace      \(tracePath)") }
        return lines.joined(separator: "\n")
    }
}
