import EqSpike
import Foundation
import Diagnostics
import Formats

/// A trained EqSpike model in HDF5, readable with h5py:
///
///     /eqspike                      attributes: layer_sizes, dynamics, quantum, beta, seed, settings (JSON), ...
///     /eqspike/layers/<k>/weights   float32 (n_(k+1) x n_k): row j = neuron of layer k+1, column i = neuron of layer k
///     /eqspike/layers/<k>/biases    float32 (n_(k+1))
///     /eqspike/history/*            one entry per epoch: epoch, train_accuracy, test_accuracy, learning_rate_factor,
///                                   wall_seconds, and the raw 64-bit counters (examples, free_spikes, ...)
///     /eqspike/signature/*          delta_t (bin centres, units tau), weight_change, update_count, mean_weight_change
///
/// Root attributes carry provenance (version, command line, wall-clock times).
public struct EqSpikeModelFile {
    public var model: LayeredEnergyModel
    public var settings: EqSpikeSettings
    public var seed: UInt64
    public var history: [EpochRecord]
    public var signature: STDPSignature
    /// Root attributes (spinsim_version, command_line, wall_clock_start, ...).
    public var provenance: [String: String]

    public init(model: LayeredEnergyModel, settings: EqSpikeSettings, seed: UInt64, history: [EpochRecord],
                signature: STDPSignature, provenance: [String: String]) {
        self.model = model
        self.settings = settings
        self.seed = seed
        self.history = history
        self.signature = signature
        self.provenance = provenance
    }

    static var counterNames: [(String, WritableKeyPath<EqSpikeCounters, UInt64>)] { [
        ("examples", \.examples), ("free_spikes", \.freeSpikes), ("nudged_spikes", \.nudgedSpikes),
        ("free_synaptic_events", \.freeSynapticEvents), ("nudged_synaptic_events", \.nudgedSynapticEvents),
        ("input_drive_operations", \.inputDriveOperations), ("free_sweeps", \.freeSweeps),
        ("free_sweep_operations", \.freeSweepOperations), ("unconverged_phases", \.unconvergedPhases),
    ] }

    /// Writes the model to `path` with `AtomicOutput`, so a training run
    /// killed while saving leaves the previous epoch's model, never a damaged
    /// one. An existing file is replaced only if `replacing` (`OutputPolicy`).
    public func write(path: String, replacing: Bool) throws {
        try AtomicOutput(path: path, replacing: replacing).write { temporaryPath in
            try writeContents(to: temporaryPath)
        }
    }

    /// Writes every group and dataset to a new file at `path` and closes it.
    private func writeContents(to path: String) throws {
        let file = try HDF5File.create(path: path, overwrite: true)
        let root = try file.rootGroup()
        try root.setAttributes(provenance)
        let group = try root.createGroup("eqspike")
        try group.setAttribute("layer_sizes", values: model.layerSizes.map { UInt64($0) })
        try group.setAttribute("dynamics", string: settings.dynamics.rawValue)
        try group.setAttribute("quantum", value: settings.quantum)
        try group.setAttribute("hysteresis", value: settings.hysteresis)
        try group.setAttribute("beta", value: settings.nudgingStrength)
        try group.setAttribute("symmetric_nudging", bool: settings.symmetricNudging)
        try group.setAttribute("batch_size", value: UInt64(settings.batchSize))
        try group.setAttribute("learning_rates", values: settings.learningRates)
        try group.setAttribute("seed", value: seed)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try group.setAttribute("settings", string: String(decoding: try encoder.encode(settings), as: UTF8.self))

        let layers = try group.createGroup("layers")
        for k in 0..<model.matrixCount {
            let layer = try layers.createGroup(String(k))
            let rows = model.layerSizes[k + 1], columns = model.layerSizes[k]
            let weights = try layer.createExtendibleDataset("weights", of: Float.self, chunkSize: min(rows, 64),
                                                            columns: columns, compressionLevel: 4)
            try weights.append(Array(model.weightMatrix(k)))
            try weights.setAttribute("layout", string: "row j = neuron of layer \(k + 1), column i = neuron of layer \(k)")
            try layer.createDataset("biases", values: Array(model.biasVector(k)))
        }

        let curves = try group.createGroup("history")
        try curves.createDataset("epoch", values: history.map { UInt64($0.epoch) })
        try curves.createDataset("train_accuracy", values: history.map(\.trainAccuracy))
        try curves.createDataset("test_accuracy", values: history.map(\.testAccuracy))
        try curves.createDataset("learning_rate_factor", values: history.map(\.learningRateFactor))
        try curves.createDataset("wall_seconds", values: history.map(\.wallSeconds))
        for (name, path) in Self.counterNames {
            try curves.createDataset(name, values: history.map { $0.counters[keyPath: path] })
        }

        let timing = try group.createGroup("signature")
        try timing.setAttribute("half_range", value: signature.halfRange)
        try timing.setAttribute("outside_range", value: signature.outsideRange)
        try timing.setAttribute("units", string: "delta_t = t_post - t_pre in neuron time constants (tau = 1)")
        try timing.createDataset("delta_t", values: signature.binCentres)
        try timing.createDataset("weight_change", values: signature.weightChange)
        try timing.createDataset("update_count", values: signature.updateCount)
        try timing.createDataset("mean_weight_change", values: signature.meanWeightChange)
        try file.flush()
    }

    /// Reads a model file; every inconsistency is a one-line error naming the file.
    public static func read(path: String) throws -> EqSpikeModelFile {
        let file = try HDF5File.open(path: path)
        let root = try file.rootGroup()
        let provenance = try root.stringAttributes()
        let group = try root.openGroup("eqspike")
        if case .strings(let json) = try group.attribute("settings"), let text = json.first {
            try JSONDuplicateKeys.check(Data(text.utf8), input: path, field: "/eqspike: attribute settings")
        }
        guard case .strings(let json) = try group.attribute("settings"), let text = json.first,
              let settings = try? JSONDecoder().decode(EqSpikeSettings.self, from: Data(text.utf8)) else {
            throw InputError(input: path, "/eqspike: attribute settings is not valid settings JSON")
        }
        guard case .uint64s(let sizes) = try group.attribute("layer_sizes"), sizes.count >= 2,
              sizes.allSatisfy({ $0 > 0 && $0 < 1 << 24 }) else {
            throw InputError(input: path, "/eqspike: attribute layer_sizes must list at least two positive sizes")
        }
        if let problem = LayeredEnergyModel.sizeProblem(sizes.map { Int($0) }) {
            throw InputError(input: path, "/eqspike: attribute layer_sizes: \(problem)")
        }
        guard case .uint64s(let seeds) = try group.attribute("seed"), let seed = seeds.first else {
            throw InputError(input: path, "/eqspike: attribute seed missing")
        }
        let layerSizes = sizes.map { Int($0) }
        do { try settings.validate(matrixCount: layerSizes.count - 1) } catch {
            throw InputError(input: path, "/eqspike: \(error.message)")
        }
        var weights: [Float] = [], biases: [Float] = []
        let layers = try group.openGroup("layers")
        for k in 0..<(layerSizes.count - 1) {
            let layer = try layers.openGroup(String(k))
            let matrix = try layer.openDataset("weights")
            guard try matrix.shape() == [layerSizes[k + 1], layerSizes[k]] else {
                throw InputError(input: path, "\(matrix.path): shape \(try matrix.shape()), expected [\(layerSizes[k + 1]), \(layerSizes[k])]")
            }
            let bias = try layer.openDataset("biases")
            guard try bias.shape() == [layerSizes[k + 1]] else {
                throw InputError(input: path, "\(bias.path): shape \(try bias.shape()), expected [\(layerSizes[k + 1])]")
            }
            weights += try matrix.read(Float.self, atMost: layerSizes[k + 1] * layerSizes[k])
            biases += try bias.read(Float.self, atMost: layerSizes[k + 1])
        }
        guard weights.allSatisfy(\.isFinite), biases.allSatisfy(\.isFinite) else {
            throw InputError(input: path, "/eqspike/layers: weights or biases are not finite")
        }
        let model = LayeredEnergyModel(layerSizes: layerSizes, weights: weights, biases: biases)

        let curves = try group.openGroup("history")
        let epochs = try curves.openDataset("epoch").read(UInt64.self, atMost: EqSpikeTrainingOptions.largestEpochCount)
        func column(_ name: String) throws -> [Double] {
            let values = try curves.openDataset(name).read(Double.self, atMost: epochs.count)
            guard values.count == epochs.count else { throw InputError(input: path, "/eqspike/history/\(name): length differs from epoch") }
            return values
        }
        let train = try column("train_accuracy"), test = try column("test_accuracy")
        let factor = try column("learning_rate_factor"), wall = try column("wall_seconds")
        var counters = [EqSpikeCounters](repeating: EqSpikeCounters(), count: epochs.count)
        for (name, keyPath) in counterNames {
            let values = try curves.openDataset(name).read(UInt64.self, atMost: epochs.count)
            guard values.count == epochs.count else { throw InputError(input: path, "/eqspike/history/\(name): length differs from epoch") }
            for e in values.indices { counters[e][keyPath: keyPath] = values[e] }
        }
        let history = epochs.indices.map { e in
            EpochRecord(epoch: Int(epochs[e]), trainAccuracy: train[e], testAccuracy: test[e],
                        learningRateFactor: factor[e], counters: counters[e], wallSeconds: wall[e])
        }

        let timing = try group.openGroup("signature")
        guard case .doubles(let range) = try timing.attribute("half_range"), let halfRange = range.first, halfRange > 0,
              case .uint64s(let outside) = try timing.attribute("outside_range") else {
            throw InputError(input: path, "/eqspike/signature: attributes half_range and outside_range missing")
        }
        let change = try timing.openDataset("weight_change").read(Double.self, atMost: STDPSignature.largestBinCount)
        let count = try timing.openDataset("update_count").read(UInt64.self, atMost: change.count)
        guard !change.isEmpty && change.count == count.count else {
            throw InputError(input: path, "/eqspike/signature: weight_change and update_count differ in length")
        }
        let signature = STDPSignature(halfRange: halfRange, weightChange: change, updateCount: count,
                                      outsideRange: outside.first ?? 0)
        return EqSpikeModelFile(model: model, settings: settings, seed: seed, history: history, signature: signature,
                                provenance: provenance)
    }
}
