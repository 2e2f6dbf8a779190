import Foundation

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
///
/// `gains` (1 by default) weigh each detector's ratio: the read-out gain of
/// each detector's spectrum line, which `calibrated` fits on training
/// samples when their four-class decisions can be improved that way.
public struct MultiClassDecision: Sendable, Equatable {
    /// The class of each detector (its target), in order.
    public let classes: [String]
    public let thresholds: [Double]
    public var gains: [Double]

    public init(detectors: [SynchronyDetectorParameters]) {
        precondition(!detectors.isEmpty, "a decision needs at least one detector")
        classes = detectors.map(\.target)
        thresholds = detectors.map(\.threshold)
        gains = detectors.map { _ in 1 }
    }

    /// Gains fitted to the training samples' decisions (`decisions[k]`: every
    /// detector's decision on sample k, whose class is `labels[k]`): the first
    /// detector's gain stays 1; the others are searched one at a time over
    /// 2^(j/8), j = -16...16, until no change adds a correct decision, each
    /// time keeping the most correct training decisions, then the gain
    /// closest to 1, then the lower. Deterministic; with nothing to gain, all
    /// gains stay 1.
    public static func calibrated(detectors: [SynchronyDetectorParameters], decisions: [[SynchronyDecision]],
                                  labels: [String]) -> MultiClassDecision {
        var decision = MultiClassDecision(detectors: detectors)
        let truth = labels.map { decision.classes.firstIndex(of: $0) }
        func correct(_ d: MultiClassDecision) -> Int {
            zip(decisions, truth).filter { d.winner($0.0) == $0.1 }.count
        }
        let grid = (-16...16).map { pow(2, Double($0) / 8) }
        var best = correct(decision)
        for _ in 0..<10 {
            var changed = false
            for k in decision.gains.indices.dropFirst() {
                var trial = decision
                var choice = (correct: best, distance: abs(log2(decision.gains[k])), gain: decision.gains[k])
                for gain in grid {
                    trial.gains[k] = gain
                    let candidate = (correct: correct(trial), distance: abs(log2(gain)), gain: gain)
                    if candidate.correct > choice.correct
                        || (candidate.correct == choice.correct && (candidate.distance, candidate.gain) < (choice.distance, choice.gain)) {
                        choice = candidate
                    }
                }
                if choice.gain != decision.gains[k] {
                    decision.gains[k] = choice.gain
                    changed = choice.correct > best || changed
                    best = choice.correct
                }
            }
            if !changed { break }
        }
        return decision
    }

    /// Index of the winning detector, given each detector's decision on one sample (in detector order).
    public func winner(_ decisions: [SynchronyDecision]) -> Int {
        precondition(decisions.count == thresholds.count, "one decision per detector")
        var best = 0
        for index in decisions.indices.dropFirst()
        where gains[index] * decisions[index].score / thresholds[index] > gains[best] * decisions[best].score / thresholds[best] {
            best = index
        }
        return best
    }

    /// The winning class for one sample.
    public func predictedClass(_ decisions: [SynchronyDecision]) -> String {
        classes[winner(decisions)]
    }
}
