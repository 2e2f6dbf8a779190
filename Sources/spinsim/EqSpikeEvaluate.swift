import ArgumentParser
import EqSpike
import EventCore
import Foundation
import Formats
import SpinSimKit
import Diagnostics

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

    @Option(help: ArgumentHelp(
        "Also write the internal state s of every neuron during the free phase of the first --record-examples test images, as SONATA reports.",
        valueName: "trace.h5"))
    var recordState: String?

    @Option(help: "Test images whose free phase --record-state samples.")
    var recordExamples = 3

    @Option(help: "Sampling interval of --record-state, in neuron time constants.")
    var sampleInterval = 0.05

    @Flag(help: "Replace the --record-state file if it exists.")
    var force = false

    func validate() throws {
        guard recordExamples > 0 else { throw ValidationError("--record-examples must be positive") }
        guard sampleInterval.isFinite && sampleInterval > 0 else { throw ValidationError("--sample-interval must be positive") }
    }

    func run() throws {
        let file = try loadEqSpikeModel(model)
        let test = try loadMNIST(try mnistDirectory(mnist), .test, limit: testLimit)
        guard test.pixelsPerImage == file.model.layerSizes[0], test.classCount == file.model.layerSizes.last! else {
            throw InputError("\(model): layer sizes \(file.model.layerSizes) do not fit \(test.pixelsPerImage)-pixel images")
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
        if let recordState {
            guard file.settings.dynamics == .spiking else {
                throw InputError("--record-state: \(model) is a rate-based model; only spiking models have a free-phase trajectory")
            }
            try recordFreePhases(file: file, test: test, path: recordState)
            print("free-phase states of \(min(recordExamples, test.count)) images: \(recordState)")
        }
    }

    /// Runs the free phase of the first images in the event kernel and samples
    /// every neuron's internal state s (time in neuron time constants).
    private func recordFreePhases(file: EqSpikeModelFile, test: LabelledImages, path: String) throws {
        if !force && FileManager.default.fileExists(atPath: path) {
            throw InputError("\(path): already exists; pass --force to replace it")
        }
        let writer = try TraceWriter(path: path, populations: [], recorded: [], overwrite: force)
        try writer.setAttribute("spinsim_version", string: Provenance.version)
        try writer.setAttribute("command_line", string: CommandLine.arguments.joined(separator: " "))
        try writer.setAttribute("model_file", string: model)
        try writer.setAttribute("time_unit", string: "neuron time constant")
        let sizes = file.model.layerSizes
        for example in 0..<min(recordExamples, test.count) {
            var network = SpikingEquilibriumNetwork(model: file.model, settings: file.settings)
            let pixels = test.pixels[(example * test.pixelsPerImage)..<((example + 1) * test.pixelsPerImage)]
            network.beginFreePhase(input: pixels.map { Double($0) / 255 }, model: file.model)
            let reports = try (1..<sizes.count).map { layer in
                try writer.addStateReport(
                    population: "image\(example)_layer\(layer)", variable: "s", units: "1",
                    nodes: (0..<sizes[layer]).map { UInt64($0) }, start: 0, step: sampleInterval,
                    timeUnits: "neuron time constant")
            }
            var simulation = Simulation(system: network)
            var failure: Error?
            simulation.every(sampleInterval, startingAt: 0) { network, status in
                for (offset, report) in reports.enumerated() {
                    let layer = offset + 1
                    let row = (0..<sizes[layer]).map { Float(network.internalState(network.neuron(layer: layer, index: $0), at: status.time)) }
                    do { try report.append(row) } catch { failure = error; return .stop }
                }
                return .proceed
            }
            simulation.runUntilQuiescent()
            if let failure { throw failure }
        }
        try writer.finish(completed: true)
    }
}
