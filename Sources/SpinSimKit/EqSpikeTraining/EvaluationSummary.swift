import EqSpike
import Foundation

/// What `eqspike evaluate` found: accuracy, the cost per inference set
/// against a dense rate network of the same sizes, and the wall time.
public struct EvaluationSummary: Sendable {
    public var evaluation: Evaluation
    public var dynamics: EqSpikeSettings.Dynamics
    public var layerSizes: [Int]
    /// Wall seconds of the evaluation (without the recording).
    public var seconds: Double
    /// The `--record-state` file and how many images it holds.
    public var recorded: (path: String, examples: Int)?

    /// The lines spinsim prints.
    public var text: String {
        let c = evaluation.counters
        var lines = [String(format: "test accuracy: %.2f %%", 100 * evaluation.accuracy)
            + " (\(evaluation.correct) of \(evaluation.total), \(dynamics.rawValue) network "
            + layerSizes.map(String.init).joined(separator: "-") + ")"]
        if dynamics == .spiking {
            lines.append("mean spikes per inference: \(grouped(c.freeSpikesPerExample))")
            lines.append("mean synaptic events per inference: \(grouped(c.freeSynapticEventsPerExample)) spike deliveries"
                         + " + \(grouped(c.inputDriveOperationsPerExample)) input-drive multiply-accumulates (nonzero pixels, once)")
        } else {
            lines.append(String(format: "mean sweeps per inference: %.1f", c.freeSweepsPerExample))
            lines.append("mean multiply-accumulates per inference: \(grouped(c.freeSweepOperationsPerExample)) in sweeps"
                         + " + \(grouped(c.inputDriveOperationsPerExample)) input-drive (nonzero pixels, once)")
        }
        // A dense network recomputes the input drive once and every other matrix, both ways, per sweep.
        let denseInput = layerSizes[0] * layerSizes[1]
        let denseRest = zip(layerSizes.dropFirst(), layerSizes.dropFirst(2)).reduce(0) { $0 + $1.0 * $1.1 }
        lines.append("dense rate network for comparison: \(grouped(Double(denseInput))) multiply-accumulates for the input drive"
                     + " + \(grouped(Double(2 * denseRest))) per settling sweep")
        lines.append(String(format: "wall time: %.2f s (%.0f inferences/s)", seconds,
                            Double(evaluation.total) / max(seconds, 1e-9)))
        if let recorded { lines.append("free-phase states of \(recorded.examples) images: \(recorded.path)") }
        return lines.joined(separator: "\n")
    }
}
