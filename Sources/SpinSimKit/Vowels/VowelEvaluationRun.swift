import Diagnostics
import Foundation
import Formats
import SynchronyTask

/// What `spinsim vowels evaluate` is asked to do, as a value.
public struct VowelEvaluationOptions: Sendable {
    public var modelPath: String
    public var dataPath: String
    /// Talkers scored; nil: every talker of the file the model was not trained on.
    public var talkers: [String]?
    /// Where to write the traces of `tracedTokens`, or nil.
    public var tracePath: String?
    /// Token names ("w03aw") traced; empty: the first scored token of each vowel.
    public var tracedTokens: [String] = []
    public var replacing = false
    public var threads: Int?

    public init(modelPath: String, dataPath: String) {
        self.modelPath = modelPath
        self.dataPath = dataPath
    }
}

/// One `spinsim vowels evaluate` run: a saved network on any file of the
/// database's format, any of its talkers.
public struct VowelEvaluationRun: Sendable {
    public let options: VowelEvaluationOptions
    public let file: VowelModelFile
    public let samples: [FormantSample]
    /// Scored talkers that the model was trained on (reported, never hidden).
    public let seenTalkers: [String]

    public init(options: VowelEvaluationOptions) throws {
        if let threads = options.threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        if let path = options.tracePath {
            try OutputPolicy.check(path, replacing: options.replacing)
            try OutputPolicy.checkDistinct(outputs: [.init("--out", path)],
                                           inputs: [.init("--model", options.modelPath), .init("--data", options.dataPath)])
        }
        file = try VowelModelFile.read(path: options.modelPath)
        let corpus = try VowelCorpus(tokens: try VowelDatabase.read(path: options.dataPath), vowels: file.model.vowels,
                                     path: options.dataPath)
        let trained = Set(file.trainingTalkers)
        if let talkers = options.talkers {
            for talker in talkers where !corpus.talkers.contains(talker) {
                throw InputError(input: "--talkers", message: "\(talker) has no token of the model's vowels in \(options.dataPath)")
            }
            samples = corpus.samples(of: Set(talkers))
        } else {
            samples = corpus.samples(notOf: trained)
        }
        guard !samples.isEmpty else {
            throw InputError(input: options.dataPath, message: "holds no token of the model's vowels by a talker it was not trained on (name them with --talkers)")
        }
        for name in options.tracedTokens where !samples.contains(where: { $0.name == name }) {
            throw InputError(input: "--trace-tokens", message: "\(name) is not among the scored tokens")
        }
        seenTalkers = Set(samples.map(\.talker)).intersection(trained).sorted()
        self.options = options
    }

    public func run() throws -> String {
        let model = file.model
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let answers = try model.answers(samples, threads: threads)
        var lines = ["\(samples.count) tokens of \(Set(samples.map(\.talker)).count) talkers, vowels \(model.vowels.joined(separator: ","))"]
        if !seenTalkers.isEmpty {
            lines.append("warning: \(seenTalkers.count) of these talkers were training talkers (\(seenTalkers.joined(separator: ",")))")
        }
        lines.append(ConfusionMatrix(truth: samples.map { model.vowels[$0.vowel] }, predicted: answers.map { model.vowels[$0.vowel] },
                                     classes: model.vowels).report)
        if let path = options.tracePath {
            let traced = options.tracedTokens.isEmpty
                ? model.vowels.indices.compactMap { v in samples.firstIndex { $0.vowel == v } }
                : options.tracedTokens.map { name in samples.firstIndex { $0.name == name }! }
            try VowelTraceFile.write(model: model, samples: traced.map { samples[$0] }, answers: traced.map { answers[$0] },
                                     provenance: ["spinsim_version": Provenance.version, "command_line": Provenance.commandLine,
                                                  "model": options.modelPath, "data": options.dataPath],
                                     to: path, replacing: options.replacing)
            lines.append("traces of \(traced.count) tokens in \(path)")
        }
        return lines.joined(separator: "\n")
    }
}
