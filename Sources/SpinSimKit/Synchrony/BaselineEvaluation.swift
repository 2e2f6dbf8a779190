import Foundation
import SynchronyTask

/// Correct predictions out of scored predictions.
public struct Tally: Sendable, Equatable {
    public var correct = 0
    public var total = 0

    public init(correct: Int = 0, total: Int = 0) {
        self.correct = correct
        self.total = total
    }

    public static func += (sum: inout Tally, tally: Tally) {
        sum.correct += tally.correct
        sum.total += tally.total
    }

    /// "38/40 95.0%"
    public var text: String {
        total == 0 ? "-" : "\(correct)/\(total) " + String(format: "%.1f%%", 100 * Double(correct) / Double(total))
    }
}

/// The trivial classifiers (`BaselineClassifier`) fitted and scored on
/// folds: on each fold, every classifier is fitted on the fold's training
/// samples and scored on them (training accuracy) and on its test samples
/// (held-out accuracy); tallies are summed over the folds. With folds that
/// partition the samples, each sample is scored held-out exactly once.
///
/// Two tasks per classifier: four-class (the label itself), and for each
/// class a one-vs-rest task ("cheddar" against "not cheddar"), for which a
/// separate binary classifier is fitted, as each synchrony detector answers
/// one such question.
public struct BaselineEvaluation: Sendable {
    /// One classifier's tallies on one kind of samples (training or held out).
    public struct Scores: Sendable, Equatable {
        /// Per class of `classes`, the one-vs-rest task.
        public var oneVsRest: [Tally]
        public var multiClass = Tally()
    }

    public struct Row: Sendable, Equatable {
        public var classifier: BaselineClassifier
        public var training: Scores
        public var heldOut: Scores
    }

    /// The classes, in order of first appearance in the labels.
    public let classes: [String]
    /// One row per classifier, in `BaselineClassifier.allCases` order.
    public let rows: [Row]

    public init(samples: [InputSpikeTimes], labels: [String], folds: [Fold]) {
        precondition(samples.count == labels.count, "one label per sample")
        precondition(folds.allSatisfy { !$0.train.isEmpty }, "every fold needs training samples")
        var seen = Set<String>()
        let classes = labels.filter { seen.insert($0).inserted }
        let tasks = [labels] + classes.map { name in labels.map { $0 == name ? name : "not " + name } }
        rows = BaselineClassifier.allCases.map { classifier in
            let empty = Scores(oneVsRest: classes.map { _ in Tally() })
            var row = Row(classifier: classifier, training: empty, heldOut: empty)
            for fold in folds {
                for (task, truth) in tasks.enumerated() {
                    let fitted = classifier.fit(samples: fold.train.map { samples[$0] }, labels: fold.train.map { truth[$0] })
                    func tally(_ indices: [Int]) -> Tally {
                        Tally(correct: indices.filter { fitted.predict(samples[$0]) == truth[$0] }.count, total: indices.count)
                    }
                    row.training.add(tally(fold.train), task: task)
                    row.heldOut.add(tally(fold.test), task: task)
                }
            }
            return row
        }
        self.classes = classes
    }

    /// Fitted on `training`, scored on `test`: one fold over the two sets.
    public init(training: (samples: [InputSpikeTimes], labels: [String]), test: (samples: [InputSpikeTimes], labels: [String])) {
        let count = training.samples.count
        self.init(samples: training.samples + test.samples, labels: training.labels + test.labels,
                  folds: [Fold(testTalkers: [], train: Array(0..<count), test: Array(count..<(count + test.samples.count)))])
    }
}

extension BaselineEvaluation.Scores {
    /// Adds a tally of task 0 (four-class) or of task c + 1 (one-vs-rest for class c).
    mutating func add(_ tally: Tally, task: Int) {
        if task == 0 { multiClass += tally } else { oneVsRest[task - 1] += tally }
    }
}
