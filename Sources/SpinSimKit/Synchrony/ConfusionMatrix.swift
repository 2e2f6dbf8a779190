import Foundation

/// How often each true class was predicted as each class, with the accuracy
/// line and table `cheese classify` prints (rows: true, columns: predicted).
public struct ConfusionMatrix: Sendable, Equatable {
    public let classes: [String]
    /// counts[t][p]: samples of class `classes[t]` predicted as `classes[p]`.
    public let counts: [[Int]]
    /// Samples whose prediction equals their label, and all labelled samples
    /// (a label outside `classes` counts as a sample, never as correct).
    public let correct: Int
    public let total: Int

    public init(truth: [String], predicted: [String], classes: [String]) {
        precondition(truth.count == predicted.count, "one prediction per label")
        self.classes = classes
        let pairs = Array(zip(truth, predicted))
        counts = classes.map { actual in classes.map { guess in pairs.filter { $0 == (actual, guess) }.count } }
        correct = pairs.filter { $0 == $1 }.count
        total = truth.count
    }

    /// The accuracy line and the table, one row per true class.
    public var report: String {
        let width = max(10, (classes.map(\.count).max() ?? 0) + 2)
        func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        var lines = [String(format: "accuracy %d/%d (%.1f %%)", correct, total, 100 * Double(correct) / Double(total))]
        lines.append("confusion (rows: true, columns: predicted)")
        lines.append(pad("") + classes.map(pad).joined())
        for (actual, row) in zip(classes, counts) { lines.append(pad(actual) + row.map { pad("\($0)") }.joined()) }
        return lines.joined(separator: "\n")
    }
}
