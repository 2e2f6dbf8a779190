import ArgumentParser
import EqSpike
import Foundation
import IO

struct EqSpikeEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Test accuracy of a saved model and its cost per inference (free phase)."
    )

    @Option(help: "MNIST directory (default: $SPINSIM_MNIST).")
    var mnist: String?

    @Option(help: "Model file written by `spinsim eqspike train`.")
    var model: String

    @Option(help: "Use only the first N test images.")
    var testLimit: Int?

    @Option(help: "Worker threads (results are identical).")
    var threads = 2

    func run() throws {
        let file = try loadEqSpikeModel(model)
        let test = try loadMNIST(try mnistDirectory(mnist), .test, limit: testLimit)
        guard test.pixelsPerImage == file.model.layerSizes[0], test.classCount == file.model.layerSizes.last! else {
            throw CommandError("\(model): layer sizes \(file.model.layerSizes) do not fit \(test.pixelsPerImage)-pixel images")
        }
        let start = Date()
        let evaluation = file.settings.dynamics == .rate
            ? EqSpikeTrainer<RateEquilibriumNetwork>.evaluate(model: file.model, settings: file.settings, on: test,
                                                              threads: max(threads, 1))
            : EqSpikeTrainer<SpikingEquilibriumNetwork>.evaluate(model: file.model, settings: file.settings, on: test,
                                                                 threads: max(threads, 1))
        let seconds = Date().timeIntervalSince(start)
        let c = evaluation.counters
        print(String(format: "test accuracy: %.2f %%", 100 * evaluation.accuracy)
              + " (\(evaluation.correct) of \(evaluation.total), \(file.settings.dynamics.rawValue) network "
              + file.model.layerSizes.map(String.init).joined(separator: "-") + ")")
        let denseInput = file.model.layerSizes[0] * file.model.layerSizes[1]
        let denseRest = file.model.denseMultiplyAccumulates - denseInput
        if file.settings.dynamics == .spiking {
            print("mean spikes per inference: \(grouped(c.freeSpikesPerExample))")
            print("mean synaptic events per inference: \(grouped(c.freeSynapticEventsPerExample)) spike deliveries"
                  + " + \(grouped(c.inputDriveOperationsPerExample)) input-drive multiply-accumulates (nonzero pixels, once)")
        } else {
            print(String(format: "mean sweeps per inference: %.1f", c.freeSweepsPerExample))
            print("mean multiply-accumulates per inference: \(grouped(c.freeSweepOperationsPerExample)) in sweeps"
                  + " + \(grouped(c.inputDriveOperationsPerExample)) input-drive (nonzero pixels, once)")
        }
        print("dense rate network for comparison: \(grouped(Double(denseInput))) multiply-accumulates for the input drive"
              + " + \(grouped(Double(2 * denseRest))) per settling sweep")
        print(String(format: "wall time: %.2f s (%.0f inferences/s)", seconds, Double(test.count) / max(seconds, 1e-9)))
    }
}
