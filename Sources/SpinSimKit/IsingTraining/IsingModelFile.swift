import Diagnostics
import Foundation
import Formats
import Ising

/// A trained Ising network in HDF5, readable with h5py:
///
///     /ising                    attributes: layer_sizes [inputs, hidden, outputs], class_count,
///                               spins_per_class, field_limit, seed, settings (JSON)
///     /ising/input_weights      float64 (inputs x hidden): pixel p to hidden spin k
///     /ising/hidden_biases      float64 (hidden)
///     /ising/couplings          float64 (hidden x outputs): J between hidden spin k and output spin o
///     /ising/output_biases      float64 (outputs): output spin o belongs to class o / spins_per_class
///     /ising/history/*          one entry per epoch: epoch, train_accuracy, test_accuracy,
///                               nudged_fraction, attempts, flips, wall_seconds
///
/// float64 throughout, so a saved network evaluates exactly as it trained.
/// Root attributes carry provenance (version, command line, completed).
public struct IsingModelFile: Sendable {
    public var state: IsingTrainingState
    public var provenance: [String: String]

    public init(state: IsingTrainingState, provenance: [String: String]) {
        self.state = state
        self.provenance = provenance
    }

    public func write(path: String, replacing: Bool) throws {
        try AtomicOutput(path: path, replacing: replacing).write { temporaryPath in
            let file = try HDF5File.create(path: temporaryPath, overwrite: true)
            let root = try file.rootGroup()
            try root.setAttributes(provenance)
            let group = try root.createGroup("ising")
            let network = state.network
            try group.setAttribute("layer_sizes", values: [network.inputCount, network.hiddenCount, network.outputCount].map { UInt64($0) })
            try group.setAttribute("class_count", value: UInt64(network.classCount))
            try group.setAttribute("spins_per_class", value: UInt64(network.spinsPerClass))
            try group.setAttribute("field_limit", value: network.fieldLimit)
            try group.setAttribute("seed", value: state.seed)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try group.setAttribute("settings", string: String(decoding: try encoder.encode(state.settings), as: UTF8.self))
            func matrix(_ name: String, _ values: [Double], columns: Int, layout: String) throws {
                let dataset = try group.createExtendibleDataset(name, of: Double.self, chunkSize: 64, columns: columns, compressionLevel: 4)
                try dataset.append(values)
                try dataset.setAttribute("layout", string: layout)
            }
            try matrix("input_weights", network.inputWeights, columns: network.hiddenCount, layout: "row p = pixel, column k = hidden spin")
            try matrix("couplings", network.couplings, columns: network.outputCount, layout: "row k = hidden spin, column o = output spin")
            try group.createDataset("hidden_biases", values: network.hiddenBiases)
            try group.createDataset("output_biases", values: network.outputBiases)
            let curves = try group.createGroup("history")
            let history = state.history
            try curves.createDataset("epoch", values: history.map { UInt64($0.epoch) })
            try curves.createDataset("train_accuracy", values: history.map(\.trainAccuracy))
            try curves.createDataset("test_accuracy", values: history.map(\.testAccuracy))
            try curves.createDataset("nudged_fraction", values: history.map(\.nudgedFraction))
            try curves.createDataset("attempts", values: history.map(\.attempts))
            try curves.createDataset("flips", values: history.map(\.flips))
            try curves.createDataset("wall_seconds", values: history.map(\.wallSeconds))
            try file.flush()
        }
    }

    /// Reads a model file; every inconsistency is a one-line error naming the file.
    public static func read(path: String) throws -> IsingModelFile {
        let file = try HDF5File.open(path: path)
        let root = try file.rootGroup()
        let provenance = try root.stringAttributes()
        let group = try root.openGroup("ising")
        if case .strings(let json) = try group.attribute("settings"), let text = json.first {
            try JSONDuplicateKeys.check(Data(text.utf8), input: path, field: "/ising: attribute settings")
        }
        guard case .strings(let json) = try group.attribute("settings"), let text = json.first,
              let settings = try? JSONDecoder().decode(IsingEPSettings.self, from: Data(text.utf8)) else {
            throw InputError(input: path, "/ising: attribute settings is not valid settings JSON")
        }
        if let problem = settings.problem { throw InputError(input: path, "/ising settings: \(problem)") }
        guard case .uint64s(let sizes) = try group.attribute("layer_sizes"), sizes.count == 3,
              sizes.allSatisfy({ $0 > 0 && $0 < 1 << 20 }),
              case .uint64s(let classes) = try group.attribute("class_count"), let classCount = classes.first,
              case .uint64s(let perClass) = try group.attribute("spins_per_class"), let spinsPerClass = perClass.first,
              classCount >= 2, spinsPerClass >= 1, classCount * spinsPerClass == sizes[2] else {
            throw InputError(input: path, "/ising: layer_sizes, class_count and spins_per_class must be positive and consistent")
        }
        guard case .uint64s(let seeds) = try group.attribute("seed"), let seed = seeds.first,
              case .doubles(let limits) = try group.attribute("field_limit"), let limit = limits.first, limit.isFinite, limit > 0 else {
            throw InputError(input: path, "/ising: attributes seed and field_limit (positive) are required")
        }
        let inputs = Int(sizes[0]), hidden = Int(sizes[1]), outputs = Int(sizes[2])
        guard inputs * hidden + hidden * outputs <= IsingNetwork.largestCouplingCount else {
            throw InputError(input: path, "/ising: layer_sizes \(sizes): more than \(IsingNetwork.largestCouplingCount) weights")
        }
        func values(_ name: String, shape: [Int]) throws -> [Double] {
            let dataset = try group.openDataset(name)
            guard try dataset.shape() == shape else {
                throw InputError(input: path, "\(dataset.path): shape \(try dataset.shape()), expected \(shape)")
            }
            let values = try dataset.read(Double.self, atMost: shape.reduce(1, *))
            guard values.allSatisfy({ $0.isFinite && abs($0) <= 1 }) else {
                throw InputError(input: path, "\(dataset.path): values must be finite and in [-1, 1]")
            }
            return values
        }
        var network = IsingNetwork(inputCount: inputs, hiddenCount: hidden, classCount: Int(classCount),
                                   spinsPerClass: Int(spinsPerClass), seed: seed)
        network.inputWeights = try values("input_weights", shape: [inputs, hidden])
        network.couplings = try values("couplings", shape: [hidden, outputs])
        network.hiddenBiases = try values("hidden_biases", shape: [hidden])
        network.outputBiases = try values("output_biases", shape: [outputs])
        network.fieldLimit = limit
        var state = IsingTrainingState(network: network, settings: settings, seed: seed)
        let curves = try group.openGroup("history")
        let epochs = try curves.openDataset("epoch").read(UInt64.self, atMost: IsingEPSettings.largestEpochCount)
        func column<T: HDF5Element>(_ name: String, _ type: T.Type) throws -> [T] {
            let values = try curves.openDataset(name).read(T.self, atMost: epochs.count)
            guard values.count == epochs.count else { throw InputError(input: path, "/ising/history/\(name): length differs from epoch") }
            return values
        }
        let train = try column("train_accuracy", Double.self), test = try column("test_accuracy", Double.self)
        let nudged = try column("nudged_fraction", Double.self), wall = try column("wall_seconds", Double.self)
        let attempts = try column("attempts", UInt64.self), flips = try column("flips", UInt64.self)
        state.history = epochs.indices.map { e in
            IsingEpochRecord(epoch: Int(epochs[e]), trainAccuracy: train[e], testAccuracy: test[e], nudgedFraction: nudged[e],
                             attempts: attempts[e], flips: flips[e], wallSeconds: wall[e])
        }
        return IsingModelFile(state: state, provenance: provenance)
    }
}
