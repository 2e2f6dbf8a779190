import SynchronyTask

/// The predictions file of `cheese classify --predictions`: columns
/// t2,t3,cheese,synchronized,score[,predicted], one row per input row in
/// input order; `predicted` only for multi-class runs, an empty cheese field
/// for an unlabelled row.
public enum PredictionsCSV {
    /// One prediction: the chosen detector's decision on one sample.
    public struct Row: Sendable, Equatable {
        public var sample: InputSpikeTimes
        public var cheese: String?
        public var synchronized: Bool
        public var score: Double
        public var predicted: String?

        public init(sample: InputSpikeTimes, cheese: String?, synchronized: Bool, score: Double, predicted: String? = nil) {
            self.sample = sample
            self.cheese = cheese
            self.synchronized = synchronized
            self.score = score
            self.predicted = predicted
        }
    }

    /// The file's text.
    public static func text(_ rows: [Row], includePredicted: Bool) -> String {
        var text = "t2,t3,cheese,synchronized,score" + (includePredicted ? ",predicted" : "") + "\n"
        for row in rows {
            text += "\(row.sample.t2),\(row.sample.t3),\(row.cheese ?? ""),\(row.synchronized),\(row.score)"
            if includePredicted { text += ",\(row.predicted ?? "")" }
            text += "\n"
        }
        return text
    }
}
