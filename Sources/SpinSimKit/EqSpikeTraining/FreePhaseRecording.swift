import Diagnostics
import EqSpike
import EventCore
import Formats
import Foundation

/// `eqspike evaluate --record-state`: the free phases of the first test
/// images, run in the event kernel (`Simulation`), with the internal state s
/// of every neuron sampled on a regular grid into SONATA reports
/// `/report/image<k>_layer<l>` (time in neuron time constants). Only a
/// spiking model has a trajectory between its start and its equilibrium; the
/// rate reference jumps from sweep to sweep.
public struct FreePhaseRecording: Sendable {
    /// The HDF5 file to write.
    public var path: String
    /// How many test images, from the first.
    public var examples: Int
    /// Sampling interval, in neuron time constants.
    public var sampleInterval: Double
    /// Replace `path` if it exists.
    public var replacing: Bool

    public init(path: String, examples: Int = 3, sampleInterval: Double = 0.05, replacing: Bool = false) {
        self.path = path
        self.examples = examples
        self.sampleInterval = sampleInterval
        self.replacing = replacing
    }

    /// Throws unless this can be recorded from `model` (read from `modelPath`), naming the option at fault.
    func check(model: EqSpikeModelFile, modelPath: String) throws(InputError) {
        guard examples > 0 else { throw InputError(input: "--record-examples", "must be positive (got \(examples))") }
        guard sampleInterval.isFinite && sampleInterval > 0 else {
            throw InputError(input: "--sample-interval", "must be a positive number of neuron time constants (got \(sampleInterval))")
        }
        guard model.settings.dynamics == .spiking else {
            throw InputError(input: "--record-state",
                             "\(modelPath) is a rate-based model; only spiking models have a free-phase trajectory")
        }
        try OutputPolicy.check(path, replacing: replacing)
    }

    /// Writes the free phases of the first `examples` of `images`; returns
    /// how many it wrote. On any failure (a full disk) the file it created is
    /// removed: a recording cut short cannot be resumed, so nothing is left
    /// that could pass for it.
    func write(model file: EqSpikeModelFile, modelPath: String, images: LabelledImages) throws -> Int {
        let writer = try TraceWriter(path: path, populations: [], recorded: [], overwrite: replacing)
        do {
            return try write(into: writer, model: file, modelPath: modelPath, images: images)
        } catch {
            try? FileManager.default.removeItem(atPath: writer.path)
            throw error
        }
    }

    private func write(into writer: TraceWriter, model file: EqSpikeModelFile, modelPath: String,
                       images: LabelledImages) throws -> Int {
        try writer.setAttribute("spinsim_version", string: Provenance.version)
        try writer.setAttribute("command_line", string: Provenance.commandLine)
        try writer.setAttribute("model_file", string: modelPath)
        try writer.setAttribute("time_unit", string: "neuron time constant")
        let sizes = file.model.layerSizes
        let count = min(examples, images.count)
        for example in 0..<count {
            var network = SpikingEquilibriumNetwork(model: file.model, settings: file.settings)
            let pixels = images.pixels[(example * images.pixelsPerImage)..<((example + 1) * images.pixelsPerImage)]
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
                    let row = (0..<sizes[layer]).map {
                        Float(network.internalState(network.neuron(layer: layer, index: $0), at: status.time))
                    }
                    do { try report.append(row) } catch { failure = error; return .stop }
                }
                return .proceed
            }
            simulation.runUntilQuiescent()
            if let failure { throw failure }
        }
        try writer.finish(completed: true)
        return count
    }
}
