import Reservoir

/// What `spinsim reservoir train` found, and its summary.
public struct ReservoirTrainingResult: Sendable {
    public let options: ReservoirTrainingOptions
    public let recordings: Int
    public let frames: Int
    public let crossValidation: CrossValidation?
    public let final: RegularisationSearch.Result
    public let nodeUpdates: UInt64
    public let featureSeconds: Double
    public let stateSeconds: Double
    public let wallSeconds: Double

    public var summary: String {
        var lines: [String] = []
        let r = options.reservoir
        lines.append("front end          \(options.frontEnd.kind.rawValue), \(recordings) recordings, \(frames) frames")
        switch r.element {
        case .oscillator:
            lines.append("reservoir          oscillator, N \(r.nodes), theta \(r.nodeDuration) µs, I_dc \(r.biasCurrent) mA, Delta I \(r.inputScaling) mA, \(r.maskKind.rawValue) mask (seed \(r.maskSeed))")
        case .linear:
            lines.append("reservoir          linear memoryless nodes (control), N \(r.nodes), \(r.maskKind.rawValue) mask (seed \(r.maskSeed))")
        case .none:
            lines.append("reservoir          none (control): the read-out sees the features")
        }
        if let cv = crossValidation {
            func percent(_ a: Int, _ b: Int) -> String { String(format: "%d/%d (%.2f %%)", a, b, 100 * Double(a) / Double(max(b, 1))) }
            lines.append("\(options.folds) folds by index    held out \(percent(cv.heldOutCorrect, cv.heldOutTotal)), training \(percent(cv.trainingCorrect, cv.trainingTotal))")
            lines.append("per fold held out  " + cv.folds.map { "\($0.heldOutCorrect)/\($0.heldOutTotal)" }.joined(separator: "  ")
                + "   regularisation " + cv.folds.map { String(format: "%g", $0.regularisation) }.joined(separator: " "))
            lines.append("confusion (rows: true digit 0-9, columns: predicted)")
            for row in cv.confusion { lines.append("  " + row.map { String(format: "%4d", $0) }.joined()) }
        }
        lines.append(String(format: "final read-out     regularisation %g (inner folds: %@)", final.readout.regularisation,
                            final.correct.map(String.init).joined(separator: " ")))
        let rate = Double(nodeUpdates) / max(stateSeconds, 1e-9)
        lines.append(String(format: "time               %.1f s wall (front end %.1f s, node states %.1f s: %llu node updates, %.3g per s)",
                            wallSeconds, featureSeconds, stateSeconds, nodeUpdates, rate))
        return lines.joined(separator: "\n")
    }
}
