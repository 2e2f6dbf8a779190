/// One class per sample from one detector per class: the class whose detector
/// scores highest relative to its own threshold (score / threshold).
///
/// Why relative: each detector's threshold sits in the gap its own training
/// found between its positives and negatives, so raw scores of different
/// detectors are not on one scale (a detector whose negatives reach 5 may
/// need 7 to say yes, another 6). The ratio says how far past, or short of,
/// its own "yes" each detector is. When no detector says yes, the one
/// closest to saying it wins, so every sample gets a class. Ties go to the
/// detector listed first.
public struct MultiClassDecision: Sendable, Equatable {
    /// The class of each detector (its target), in order.
    public let classes: [String]
    public let thresholds: [Double]

    public init(detectors: [SynchronyDetectorParameters]) {
        precondition(!detectors.isEmpty, "a decision needs at least one detector")
        classes = detectors.map(\.target)
        thresholds = detectors.map(\.threshold)
    }

    /// Index of the winning detector, given each detector's decision on one sample (in detector order).
    public func winner(_ decisions: [SynchronyDecision]) -> Int {
        precondition(decisions.count == thresholds.count, "one decision per detector")
        var best = 0
        for index in decisions.indices.dropFirst()
        where decisions[index].score / thresholds[index] > decisions[best].score / thresholds[best] {
            best = index
        }
        return best
    }

    /// The winning class for one sample.
    public func predictedClass(_ decisions: [SynchronyDecision]) -> String {
        classes[winner(decisions)]
    }
}
