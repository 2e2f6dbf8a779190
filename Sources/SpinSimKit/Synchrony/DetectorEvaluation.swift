import Diagnostics
import Foundation
import SynchronyTask

/// What `spinsim cheese evaluate` is asked to do, as a value.
public struct DetectorEvaluationOptions: Sendable {
    /// Benchmark-format CSV (talker, vowel, cheese, ..., t2, t3).
    public var dataPath: String
    /// Held-out CSV of the same format: train on `dataPath`, score here. Nil: folds by talker.
    public var testPath: String?
    public var folds = 5
    /// The search; its template sets the model.
    public var trainer = SynchronyDetectorTrainer(model: .device)
    /// Extra triads per class for the training samples one triad gets wrong (`DetectorBankTrainer`); 0: one per class.
    public var extraDetectorsPerClass = 0
    public var threads: Int?

    public init(dataPath: String) {
        self.dataPath = dataPath
    }
}

/// Honest accuracy of synchrony detectors: they are trained (lines, coupling,
/// threshold: `SynchronyDetectorTrainer`) on training samples only and scored
/// on samples held out, by talker (every token of a talker is in the same
/// fold, `TalkerFolds`) or in a second file. Beside each held-out figure: the
/// training figure, the same trained detectors with coupling off (the control
/// that removes the mechanism), and the trivial classifiers fitted on the
/// same training samples (`BaselineEvaluation`). With extra detectors per
/// class (`DetectorBankTrainer`), the bank is scored beside the one detector
/// per class it grew from, and its coupling-off control is the bank's.
public struct DetectorEvaluationRun: Sendable {
    public let options: DetectorEvaluationOptions
    let samples: [InputSpikeTimes]
    let labels: [String]
    let folds: [Fold]

    public init(options: DetectorEvaluationOptions) throws(InputError) {
        if let threads = options.threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
        guard (0...8).contains(options.extraDetectorsPerClass) else { throw InputError(input: "--extra-detectors", message: "must be between 0 and 8") }
        self.options = options
        let data = try BenchmarkCSV.read(path: options.dataPath)
        func labelled(_ contents: BenchmarkCSV.Contents) throws(InputError) -> [String] {
            var names: [String] = []
            for row in contents.rows {
                guard let cheese = row.cheese, CheeseBenchmark.classes.contains(cheese) else {
                    throw InputError(input: contents.path, message: "line \(row.line): needs a cheese of \(CheeseBenchmark.classes.joined(separator: ", "))")
                }
                names.append(cheese)
            }
            return names
        }
        if let testPath = options.testPath {
            let test = try BenchmarkCSV.read(path: testPath)
            samples = data.rows.map(\.sample) + test.rows.map(\.sample)
            labels = try labelled(data) + labelled(test)
            folds = [Fold(testTalkers: [], train: Array(data.rows.indices),
                          test: Array(data.rows.count..<(data.rows.count + test.rows.count)))]
        } else {
            guard let talkers = data.talkers else {
                throw InputError(input: options.dataPath, message: "folds by talker need a talker column (or give --test)")
            }
            guard options.folds >= 2, options.folds <= Set(talkers).count else {
                throw InputError(input: "--folds", message: "must be between 2 and the number of talkers (\(Set(talkers).count))")
            }
            samples = data.rows.map(\.sample)
            labels = try labelled(data)
            folds = TalkerFolds.split(talkers: talkers, folds: options.folds)
        }
        for fold in folds {
            let classes = Set(fold.train.map { labels[$0] })
            guard classes.count == CheeseBenchmark.classes.count else {
                throw InputError(input: options.dataPath, message: "a training fold lacks a class; use fewer folds")
            }
        }
    }

    /// Trains and scores fold by fold; `progress` gets one line per trained detector.
    public func run(progress: (String) -> Void = { _ in }) -> DetectorEvaluationResult {
        var trainer = options.trainer
        trainer.threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let classes = CheeseBenchmark.classes
        var result = DetectorEvaluationResult(classes: classes, folds: folds.count,
                                              baselines: BaselineEvaluation(samples: samples, labels: labels, folds: folds))
        let start = Date()
        var bank = DetectorBankTrainer(trainer: trainer)
        bank.extraDetectorsPerClass = options.extraDetectorsPerClass
        result.growsBank = options.extraDetectorsPerClass > 0
        for (number, fold) in folds.enumerated() {
            guard let trained = bank.train(classes: classes, samples: fold.train.map { samples[$0] },
                                           labels: fold.train.map { labels[$0] }, progress: { progress("fold \(number + 1)/\(folds.count) " + $0) })
            else { preconditionFailure("training found no detector for a class") }
            let decisions = score(trained.detectors)
            let uncoupled = trained.detectors.map { var p = $0; p.coupling = 0; return p }
            result.coupled.add(Array(decisions.prefix(classes.count)), detectors: Array(trained.detectors.prefix(classes.count)),
                               truth: labels, fold: fold)
            result.bank.add(decisions, detectors: trained.detectors, truth: labels, fold: fold)
            result.uncoupled.add(score(uncoupled), detectors: uncoupled, truth: labels, fold: fold)
            result.extraDetectors += trained.detectors.count - classes.count
        }
        result.wallSeconds = Date().timeIntervalSince(start)
        return result
    }

    /// Decisions (detector x sample, in sample order) of `detectors` on every sample.
    private func score(_ detectors: [SynchronyDetectorParameters]) -> [[SynchronyDecision]] {
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        return detectors.map { p in
            // Parameters came out of training or from a trained one with coupling 0: both valid.
            let detector = try! SynchronyDetector(parameters: p)
            return detector.classify(samples, threads: threads).map(\.decision)
        }
    }
}

/// Tallies of an evaluation: per class (one-vs-rest) and four-class, training and held out.
public struct DetectorEvaluationResult: Sendable {
    public struct Scores: Sendable {
        public var training: BaselineEvaluation.Scores
        public var heldOut: BaselineEvaluation.Scores
        /// Four-class with read-out gains fitted on each fold's training samples
        /// (`MultiClassDecision.calibrated`), training and held out.
        public var calibratedTraining = Tally()
        public var calibratedHeldOut = Tally()

        /// Adds one fold's decisions (`decisions[d][k]`: detector d on sample k,
        /// of class `truth[k]`): each sample in the fold's training or test set
        /// is scored there. A class says yes when any of its detectors does.
        mutating func add(_ decisions: [[SynchronyDecision]], detectors: [SynchronyDetectorParameters], truth: [String], fold: Fold) {
            let decide = MultiClassDecision(detectors: detectors)
            let perSample = { (k: Int) in decisions.map { $0[k] } }
            let calibrated = MultiClassDecision.calibrated(detectors: detectors, decisions: fold.train.map(perSample),
                                                           labels: fold.train.map { truth[$0] })
            func tally(_ indices: [Int]) -> Tally {
                Tally(correct: indices.filter { calibrated.predictedClass(perSample($0)) == truth[$0] }.count, total: indices.count)
            }
            calibratedTraining += tally(fold.train)
            calibratedHeldOut += tally(fold.test)
            let classNames = CheeseBenchmark.classes
            for (set, indices) in [(0, fold.train), (1, fold.test)] {
                var scores = set == 0 ? training : heldOut
                for (c, name) in classNames.enumerated() {
                    let own = detectors.indices.filter { detectors[$0].target == name }
                    let correct = indices.filter { k in own.contains { decisions[$0][k].synchronized } == (truth[k] == name) }.count
                    scores.oneVsRest[c] += Tally(correct: correct, total: indices.count)
                }
                let correct = indices.filter { k in decide.predictedClass(perSample(k)) == truth[k] }.count
                scores.multiClass += Tally(correct: correct, total: indices.count)
                if set == 0 { training = scores } else { heldOut = scores }
            }
        }
    }

    public let classes: [String]
    public let folds: Int
    /// One detector per class.
    public var coupled: Scores
    /// The bank grown from them (the same when no extra detector was kept).
    public var bank: Scores
    /// The bank with coupling off.
    public var uncoupled: Scores
    /// Whether a bank was grown (extra detectors per class > 0), and the extra detectors it kept, summed over folds.
    public var growsBank = false
    public var extraDetectors = 0
    public let baselines: BaselineEvaluation
    public var wallSeconds = 0.0

    init(classes: [String], folds: Int, baselines: BaselineEvaluation) {
        self.classes = classes
        self.folds = folds
        let empty = BaselineEvaluation.Scores(oneVsRest: classes.map { _ in Tally() })
        coupled = Scores(training: empty, heldOut: empty)
        bank = Scores(training: empty, heldOut: empty)
        uncoupled = Scores(training: empty, heldOut: empty)
        self.baselines = baselines
    }

    /// The table `cheese evaluate` prints: training beside held out, for the
    /// detectors, the coupling-off control and the trivial classifiers.
    public var summary: String {
        var rows = [["classifier", "scored on"] + classes + ["four-class"]]
        func add(_ name: String, _ scores: BaselineEvaluation.Scores, on set: String) {
            rows.append([name, set] + scores.oneVsRest.map(\.text) + [scores.multiClass.text])
        }
        add("one detector per class", coupled.training, on: "training")
        add("", coupled.heldOut, on: "held out")
        func gains(_ scores: Scores, _ tally: Tally) -> BaselineEvaluation.Scores {
            BaselineEvaluation.Scores(oneVsRest: scores.training.oneVsRest.map { _ in Tally() }, multiClass: tally)
        }
        add("same, read-out gains fitted on training", gains(coupled, coupled.calibratedTraining), on: "training")
        add("", gains(coupled, coupled.calibratedHeldOut), on: "held out")
        if growsBank {
            add("detector bank (\(extraDetectors) extra over \(folds) folds)", bank.training, on: "training")
            add("", bank.heldOut, on: "held out")
            add("same, read-out gains fitted on training", gains(bank, bank.calibratedTraining), on: "training")
            add("", gains(bank, bank.calibratedHeldOut), on: "held out")
        }
        add(growsBank ? "bank, coupling off" : "same, coupling off", uncoupled.training, on: "training")
        add("", uncoupled.heldOut, on: "held out")
        for row in baselines.rows {
            // The baselines list classes in order of appearance; report them in benchmark order.
            let order = classes.map { name in baselines.classes.firstIndex(of: name)! }
            func reordered(_ s: BaselineEvaluation.Scores) -> BaselineEvaluation.Scores {
                BaselineEvaluation.Scores(oneVsRest: order.map { s.oneVsRest[$0] }, multiClass: s.multiClass)
            }
            add(row.classifier.rawValue, reordered(row.training), on: "training")
            add("", reordered(row.heldOut), on: "held out")
        }
        let header = folds > 1 ? "\(folds) folds by talker; each sample scored held out once" : "trained on one file, scored on the other"
        return ([header] + aligned(rows) + [String(format: "wall time %.1f s", wallSeconds)]).joined(separator: "\n")
    }
}
