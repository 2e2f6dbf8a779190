import Diagnostics
import Foundation
import Formats
import SynchronyTask

/// What `spinsim vowels train` is asked to do, as a value.
public struct VowelTrainingOptions: Sendable {
    public var dataPath: String
    public var vowels = VowelCorpus.defaultVowels
    /// Training talkers; nil: the alternating split's `fold`.
    public var trainingTalkers: [String]?
    public var fold = 0
    public var bandA = FormantEncoding.defaultBandA
    public var bandB = FormantEncoding.defaultBandB
    public var network = VowelNetworkParameters()
    public var settings = VowelTrainingSettings()
    /// Drive strengths tried: each scales both source amplitudes of
    /// `network`; the one of highest training accuracy is kept (the smaller
    /// on a tie). Test talkers take no part in the choice.
    public var driveScales = VowelTrainingOptions.defaultDriveScales
    public static let defaultDriveScales = [1, 1.25, 1.5, 1.75, 2]
    /// Also train and score the same network with coupling off.
    public var couplingOffControl = true
    public var savePath: String?
    public var replacing = false
    public var threads: Int?
    public var showsProgress = false

    public init(dataPath: String) { self.dataPath = dataPath }
}

/// One `spinsim vowels train` run: reads the database, splits its talkers,
/// fits the encoding on the training talkers, trains the currents, scores
/// the network on training and test talkers beside software classifiers on
/// the same split and the coupling-off control, and saves the model.
public struct VowelTrainingRun: Sendable {
    public let options: VowelTrainingOptions
    public let corpus: VowelCorpus
    public let training: [FormantSample]
    public let test: [FormantSample]

    /// Checks every option, the data and that the model may be saved, before any work.
    public init(options: VowelTrainingOptions) throws(InputError) {
        if let threads = options.threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        guard !options.driveScales.isEmpty, options.driveScales.count <= 100,
              options.driveScales.allSatisfy({ $0.isFinite && $0 > 0 && $0 <= 100 }) else {
            throw InputError(input: "--drive-scales", message: "needs 1 to 100 positive factors up to 100")
        }
        for scale in options.driveScales {
            var scaled = options.network
            scaled.sourceAmplitudes = scaled.sourceAmplitudes.map { $0 * scale }
            do { try scaled.validate() } catch { throw error.located(in: "network at drive scale \(scale)") }
        }
        guard options.fold == 0 || options.fold == 1 else { throw InputError(input: "--fold", message: "must be 0 or 1 (got \(options.fold))") }
        do { try options.network.validate() } catch { throw error.located(in: "network") }
        do { try options.settings.validate() } catch { throw error.located(in: "training") }
        do { try FormantEncoding(f1Bark: .init(lower: 0, upper: 1), f2Bark: .init(lower: 0, upper: 1), bandA: options.bandA,
                                 bandB: options.bandB).validate() } catch { throw error.located(in: "encoding") }
        if let path = options.savePath {
            try OutputPolicy.check(path, replacing: options.replacing)
            try OutputPolicy.checkDistinct(outputs: [.init("--save", path)], inputs: [.init("--data", options.dataPath)])
        }
        let tokens = try VowelDatabase.read(path: options.dataPath)
        let corpus = try VowelCorpus(tokens: tokens, vowels: options.vowels, path: options.dataPath)
        let chosen: Set<String>
        if let talkers = options.trainingTalkers {
            for talker in talkers where !corpus.talkers.contains(talker) {
                throw InputError(input: "--talkers", message: "\(talker) has no token of these vowels in \(options.dataPath)")
            }
            chosen = Set(talkers)
        } else {
            chosen = Set(corpus.alternatingTrainingTalkers(fold: options.fold))
        }
        training = corpus.samples(of: chosen)
        test = corpus.samples(notOf: chosen)
        for (v, vowel) in options.vowels.enumerated() where !training.contains(where: { $0.vowel == v }) {
            throw InputError(input: "--talkers", message: "the training talkers have no token of \(vowel)")
        }
        self.corpus = corpus
        self.options = options
    }

    public func run(progress: (String) -> Void = { _ in }) throws -> VowelTrainingResult {
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let start = Date()
        let encoding = FormantEncoding(fittedTo: training.map { ($0.f1, $0.f2) }, bandA: options.bandA, bandB: options.bandB)
        progress("\(training.count) training tokens (\(Set(training.map(\.talker)).count) talkers), "
            + "\(test.count) test tokens (\(Set(test.map(\.talker)).count) talkers), \(corpus.unmeasurable) without F1 or F2")
        func trained(_ base: VowelNetworkParameters, label: String) throws -> VowelTrainingResult.Network {
            var best: VowelTrainingResult.Network? = nil
            var selection: [(scale: Double, trainingCorrect: Int)] = []
            for scale in options.driveScales {
                var network = base
                network.sourceAmplitudes = base.sourceAmplitudes.map { $0 * scale }
                let candidate = try trainedAt(network, label: label + String(format: "drive x%.2f: ", scale))
                let correct = zip(candidate.trainingAnswers, training).filter { $0.vowel == $1.vowel }.count
                selection.append((scale, correct))
                if best == nil || correct > selection.map(\.trainingCorrect).dropLast().max()! { best = candidate }
            }
            best!.driveSelection = selection
            return best!
        }
        func trainedAt(_ network: VowelNetworkParameters, label: String) throws -> VowelTrainingResult.Network {
            let trainer = try VowelTrainer(vowels: options.vowels, encoding: encoding, network: network, settings: options.settings)
            let outcome = try trainer.train(training, monitor: test, threads: threads) { record in
                progress(String(format: "%@epoch %2d: training %.1f %%, test %.1f %% (monitor only), %d updates",
                                label, record.epoch, 100 * record.trainingAccuracy, 100 * (record.monitorAccuracy ?? 0), record.updates))
            }
            let trainAnswers = try outcome.model.answers(training, threads: threads)
            let testAnswers = try outcome.model.answers(test, threads: threads)
            return .init(model: outcome.model, curve: outcome.curve, chosenEpoch: outcome.chosenEpoch,
                         trainingAnswers: trainAnswers, testAnswers: testAnswers, driveSelection: [])
        }
        let main = try trained(options.network, label: "")
        var control: VowelTrainingResult.Network? = nil
        if options.couplingOffControl {
            var off = options.network
            off.couplingStrength = 0
            control = try trained(off, label: "coupling off: ")
        }
        let result = VowelTrainingResult(
            vowels: options.vowels, training: training, test: test, main: main, couplingOff: control,
            provenance: [
                "spinsim_version": Provenance.version, "command_line": Provenance.commandLine,
                "training_data": options.dataPath,
                "training_talkers": Set(training.map(\.talker)).sorted().joined(separator: ","),
            ],
            seconds: Date().timeIntervalSince(start))
        if let path = options.savePath {
            try VowelModelFile(model: main.model, trainingTalkers: Set(training.map(\.talker)).sorted(), curve: main.curve,
                               chosenEpoch: main.chosenEpoch, provenance: result.provenance)
                .write(path: path, replacing: options.replacing)
        }
        return result
    }
}
