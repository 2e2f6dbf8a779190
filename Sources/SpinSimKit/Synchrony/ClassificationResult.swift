import Foundation
import SynchronyTask

/// What a classification found: every detector's decision on every sample,
/// the prediction per sample, and the summary `cheese classify` prints.
public struct ClassificationResult: Sendable {
    public let detectors: [SynchronyDetectorParameters]
    public let rows: [CheeseRow]
    /// decisions[d][k]: detector d on sample k.
    public let decisions: [[SynchronyDecision]]
    /// Wall-clock seconds spent simulating (reading and writing files excluded).
    public let wallSeconds: Double

    public init(detectors: [SynchronyDetectorParameters], rows: [CheeseRow], decisions: [[SynchronyDecision]],
                wallSeconds: Double) {
        precondition(decisions.count == detectors.count && decisions.allSatisfy { $0.count == rows.count },
                     "one decision per detector and sample")
        self.detectors = detectors
        self.rows = rows
        self.decisions = decisions
        self.wallSeconds = wallSeconds
    }

    /// Whether several detectors compete (one per class) for each sample.
    public var isMultiClass: Bool { detectors.count > 1 }

    /// Per sample, the detector whose decision is reported: the multi-class
    /// winner, or the only detector.
    public var chosenDetectors: [Int] {
        let decision = MultiClassDecision(detectors: detectors)
        return rows.indices.map { k in decision.winner(decisions.map { $0[k] }) }
    }

    /// One row per sample: the chosen detector's decision, and its class when several compete.
    public var predictions: [PredictionsCSV.Row] {
        zip(rows, chosenDetectors).enumerated().map { k, pair in
            let (row, chosen) = pair
            let decision = decisions[chosen][k]
            return PredictionsCSV.Row(sample: row.sample, cheese: row.cheese, synchronized: decision.synchronized,
                                      score: decision.score, predicted: isMultiClass ? detectors[chosen].target : nil)
        }
    }

    /// Over labelled data: the four-class matrix for a multi-class run, or
    /// "<target>" against "not <target>" for one detector; nil when a row has no label.
    public var confusion: ConfusionMatrix? {
        guard rows.allSatisfy({ $0.cheese != nil }) else { return nil }
        let truth = rows.map { $0.cheese! }
        if isMultiClass {
            return ConfusionMatrix(truth: truth, predicted: predictions.map { $0.predicted! }, classes: CheeseBenchmark.classes)
        }
        let name = detectors[0].target, other = "not " + name
        return ConfusionMatrix(truth: truth.map { $0 == name ? name : other },
                               predicted: decisions[0].map { $0.synchronized ? name : other }, classes: [name, other])
    }

    /// Events (spikes and ramp starts) and coupling pulses over all simulations.
    public var events: UInt64 { decisions.joined().reduce(0) { $0 + $1.events } }
    public var pulses: UInt64 { decisions.joined().reduce(0) { $0 + $1.pulses } }

    /// The lines `cheese classify` prints.
    public var summary: String {
        var lines = ["samples            \(rows.count)"]
        for (parameters, detected) in zip(detectors, decisions) {
            lines.append(String(format: "%@ detector: K %.3g MHz, linewidth %.3g MHz, %d of %d samples synchronised",
                                parameters.target, parameters.coupling, parameters.linewidth,
                                detected.filter(\.synchronized).count, rows.count))
        }
        if let confusion { lines.append(confusion.report) }
        // The device model's kernel events are its integration steps (and spikes when recorded).
        let counted = detectors.allSatisfy { $0.model == .device } ? "integration steps" : "coupling pulses"
        lines.append(String(format: "events             %llu (%llu %@)", events, pulses, counted))
        lines.append(String(format: "wall time          %.3f s", wallSeconds))
        lines.append(String(format: "events per second  %.3g", Double(events) / max(wallSeconds, 1e-9)))
        return lines.joined(separator: "\n")
    }
}
