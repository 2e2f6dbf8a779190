import Diagnostics
import EventCore

/// How long training runs and how fast it learns.
///
/// Procedure (`VowelTrainer`): before each epoch every training token is run
/// at the current currents; the lock-pattern table and each vowel's target
/// pattern are refitted from those answers, and the training accuracy of
/// that network is recorded. The epoch then runs the training tokens once
/// more, one at a time in a seeded random order, applying the learning rule
/// after each wrong answer, at rate eta_e = rate (1 - e / epochs) for epoch
/// e = 0, 1, ... (a linear decay, so late epochs refine rather than jump).
/// Stopping rule: after `epochs` epochs, or earlier once `patience` epochs
/// in a row have not raised the training accuracy; the model kept is the
/// epoch of highest training accuracy (the earliest on a tie). Test tokens
/// never enter any of these choices.
public struct VowelTrainingSettings: Sendable, Equatable, Codable {
    public var epochs: Int
    public var patience: Int
    public var rule: CurrentLearningRule

    public init(epochs: Int = 30, patience: Int = 10, rule: CurrentLearningRule = CurrentLearningRule()) {
        self.epochs = epochs
        self.patience = patience
        self.rule = rule
    }

    public func validate() throws(InputError) {
        guard (0...10_000).contains(epochs) else { throw InputError(field: "epochs", message: "must be in 0...10000 (got \(epochs))") }
        guard (1...10_000).contains(patience) else { throw InputError(field: "patience", message: "must be in 1...10000 (got \(patience))") }
        try rule.validate()
    }
}

/// One line of the learning curve: the network at the start of epoch
/// `epoch` (after `epoch` epochs of updates).
public struct VowelEpochRecord: Sendable, Equatable {
    public var epoch: Int
    public var trainingCorrect: Int
    public var trainingTotal: Int
    /// Tokens of `monitor` (reported only, never used to choose anything).
    public var monitorCorrect: Int
    public var monitorTotal: Int
    /// Rule applications in the epoch that followed (0 for the last record).
    public var updates: Int
    public var currents: [Double]

    public var trainingAccuracy: Double { Double(trainingCorrect) / Double(max(trainingTotal, 1)) }
    public var monitorAccuracy: Double? { monitorTotal > 0 ? Double(monitorCorrect) / Double(monitorTotal) : nil }
}

public struct VowelTrainer: Sendable {
    public let vowels: [String]
    public let encoding: FormantEncoding
    public let network: VowelNetworkParameters
    public let settings: VowelTrainingSettings

    public init(vowels: [String], encoding: FormantEncoding, network: VowelNetworkParameters,
                settings: VowelTrainingSettings) throws(InputError) {
        try encoding.validate()
        try network.validate()
        try settings.validate()
        self.vowels = vowels
        self.encoding = encoding
        self.network = network
        self.settings = settings
    }

    /// Trains on `samples`; `monitor` tokens are scored at every epoch for the
    /// learning curve only. `report` receives each record as it is made.
    public func train(_ samples: [FormantSample], monitor: [FormantSample] = [], threads: Int,
                      report: (VowelEpochRecord) -> Void = { _ in }) throws(InputError) -> (model: VowelModel, curve: [VowelEpochRecord], chosenEpoch: Int) {
        precondition(!samples.isEmpty, "training needs tokens")
        let chip = try VowelNetwork(parameters: network)
        var currents = try VowelNetwork.initialCurrents(network)
        var curve: [VowelEpochRecord] = []
        var best: (epoch: Int, correct: Int, model: VowelModel)? = nil
        let labels = samples.map(\.vowel)
        for epoch in 0...settings.epochs {
            let patterns = try chip.responses(samples, currents: currents, encoding: encoding, threads: threads).map(\.pattern)
            let model = VowelModel(vowels: vowels, encoding: encoding, network: network, currents: currents,
                                   table: LockPatternTable(patterns: patterns, vowels: labels),
                                   targets: LockPatternTable.targets(patterns: patterns, vowels: labels, vowelCount: vowels.count))
            let correct = zip(patterns, labels).filter { model.table.vowel(for: $0) == $1 }.count
            let monitored = monitor.isEmpty ? [] : try model.answers(monitor, threads: threads)
            var record = VowelEpochRecord(
                epoch: epoch, trainingCorrect: correct, trainingTotal: samples.count,
                monitorCorrect: zip(monitored, monitor).filter { $0.vowel == $1.vowel }.count, monitorTotal: monitor.count,
                updates: 0, currents: currents)
            if best == nil || correct > best!.correct { best = (epoch, correct, model) }
            guard epoch < settings.epochs, epoch - best!.epoch < settings.patience else {
                report(record)
                curve.append(record)
                break
            }
            let eta = settings.rule.rate * (1 - Double(epoch) / Double(settings.epochs))
            var order = Xoshiro256StarStar(seed: network.seed, key: StreamKey("training order").with("\(epoch)"))
            for k in samples.indices.shuffled(using: &order) {
                let s = samples[k]
                let sources = encoding.sourceFrequencies(f1: s.f1, f2: s.f2)
                let pattern = try chip.respond(currents: currents, sourceFrequencies: sources, noiseKey: s.name).response.pattern
                guard model.table.vowel(for: pattern) != s.vowel, let target = model.targets[s.vowel] else { continue }
                currents = settings.rule.updated(currents: currents, pattern: pattern, target: target, sourceFrequencies: sources,
                                                 rate: eta, network: network)
                record.updates += 1
            }
            report(record)
            curve.append(record)
        }
        return (best!.model, curve, best!.epoch)
    }
}
