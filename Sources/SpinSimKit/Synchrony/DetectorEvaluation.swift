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
/// same training samples (`BaselineEvaluation`).
public struct DetectorEvaluationRun: Sendable {
    public let options: DetectorEvaluationOptions
    let samples: [InputSpikeTimes]
    let labels: [String]
    let folds: [Fold]

    public init(options: DetectorEvaluationOptions) throws(InputError) {
        if let threads = options.threads, threads < 1 { throw InputError(input: "--threads", message: "must be at least 1") }
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
        for (number, fold) in folds.enumerated() {
            var detectors: [SynchronyDetectorParameters] = []
            for name in classes {
                let trainingLabels = fold.train.map { labels[$0] == name }
                guard let trained = trainer.train(target: name, samples: fold.train.map { samples[$0] }, labels: trainingLabels) else {
                    preconditionFailure("training found no detector for \(name)")
                }
                progress("fold \(number + 1)/\(folds.count) \(name): coupling \(trained.parameters.coupling) MHz, threshold "
                    + String(format: "%.3f, training %d/%d", trained.parameters.threshold, trained.correct, trained.total))
                detectors.append(trained.parameters)
            }
            let uncoupled = detectors.map { var p = $0; p.coupling = 0; return p }
            result.coupled.add(score(detectors, fold: fold), fold: fold)
            result.uncoupled.add(score(uncoupled, fold: fold), fold: fold)
        }
        result.wallSeconds = Date().timeIntervalSince(start)
        return result
    }

    /// Decisions (detector x sample, in sample order) of `detectors` on every sample.
    private func score(_ detectors: [SynchronyDetectorParameters], fold: Fold) -> (decisions: [[SynchronyDecision]], truth: [String], detectors: [SynchronyDetectorParameters]) {
        let threads = options.threads ?? ProcessInfo.processInfo.activeProcessorCount
        let decisions = detectors.map { p in
            // Parameters came out of training or from a trained one with coupling 0: both valid.
            let detector = try! SynchronyDetector(parameters: p)
            return detector.classify(samples, threads: threads).map(\.decision)
        }
        return (decisions, labels, detectors)
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

        /// Adds one fold's decisions: each sample in the fold's training or test set is scored there.
        mutating func add(_ scored: (decisions: [[SynchronyDecision]], truth: [String], detectors: [SynchronyDetectorParameters]),
                          fold: Fold) {
            let decide = MultiClassDecision(detectors: scored.detectors)
            let perSample = { (k: Int) in scored.decisions.map { $0[k] } }
            let calibrated = MultiClassDecision.calibrated(detectors: scored.detectors, decisions: fold.train.map(perSample),
                                                           labels: fold.train.map { scored.truth[$0] })
            func tally(_ indices: [Int]) -> Tally {
                Tally(correct: indices.filter { calibrated.predictedClass(perSample($0)) == scored.truth[$0] }.count, total: indices.count)
            }
            calibratedTraining += tally(fold.train)
            calibratedHeldOut += tally(fold.test)
            for (set, indices) in [(0, fold.train), (1, fold.test)] {
                var scores = set == 0 ? training : heldOut
                for (c, name) in decide.classes.enumerated() {
                    let correct = indices.filter { scored.decisions[c][$0].synchronized == (scored.truth[$0] == name) }.count
                    scores.oneVsRest[c] += Tally(correct: correct, total: indices.count)
                }
                let correct = indices.filter { k in decide.predictedClass(scored.decisions.map { $0[k] }) == scored.truth[k] }.count
                scores.multiClass += Tally(correct: correct, total: indices.count)
                if set == 0 { training = scores } else { heldOut = scores }
            }
        }
    }

    public let classes: [String]
    public let folds: Int
    public var coupled: Scores
    public var uncoupled: Scores
    public let baselines: BaselineEvaluation
    public var wallSeconds = 0.0

    init(classes: [String], folds: Int, baselines: BaselineEvaluation) {
        self.classes = classes
        self.folds = folds
        let empty = BaselineEvaluation.Scores(oneVsRest: classes.map { _ in Tally() })
        coupled = Scores(training: empty, heldOut: empty)
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
        add("synchrony detectors", coupled.training, on: "training")
        add("", coupled.heldOut, on: "held out")
        func gains(_ scores: Scores, _ tally: Tally) -> BaselineEvaluation.Scores {
            BaselineEvaluation.Scores(oneVsRest: scores.training.oneVsRest.map { _ in Tally() }, multiClass: tally)
        }
        add("same, read-out gains fitted on training", gains(coupled, coupled.calibratedTraining), on: "training")
        add("", gains(coupled, coupled.calibratedHeldOut), on: "held out")
        add("same, coupling off", uncoupled.training, on: "training")
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
