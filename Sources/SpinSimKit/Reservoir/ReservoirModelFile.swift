import Diagnostics
import Foundation
import Formats
import Reservoir

/// A trained reservoir in HDF5, readable with h5py:
///
///     /reservoir                attributes: classes, sample_rate_hz, front_end and reservoir (JSON, every
///                               parameter), front_end_kind, nodes, node_duration_us, bias_current_ma,
///                               input_scaling_ma, mask_kind, mask_seed, element, regularisation
///     /reservoir/readout/weights  float64 (classes x states): row c = class c's output weights
///     /reservoir/readout/bias     float64 (classes)
///     /reservoir/cross_validation (when training held folds out) attributes folds,
///                               held_out_correct, held_out_total, training_correct, training_total,
///                               regularisation (per fold); dataset confusion (classes x classes,
///                               row = true class, column = predicted, held-out predictions)
///
/// The mask is not stored: it is drawn again from `mask_seed` (`InputMask`),
/// so a model file stays small and the mask cannot disagree with its seed.
/// Root attributes carry provenance (version, command line, training data).
public struct ReservoirModelFile: Sendable {
    public var model: ReservoirModel
    public var crossValidation: CrossValidation?
    public var provenance: [String: String]

    public init(model: ReservoirModel, crossValidation: CrossValidation? = nil, provenance: [String: String]) {
        self.model = model
        self.crossValidation = crossValidation
        self.provenance = provenance
    }

    /// Writes the file atomically (`ModelFileWriting`).
    public func write(path: String, replacing: Bool) throws {
        try ModelFileWriting.write(path: path, replacing: replacing, provenance: provenance, group: "reservoir") { group in
            try group.setAttribute("classes", string: model.classes.joined(separator: ","))
            try group.setAttribute("sample_rate_hz", value: model.sampleRate)
            try group.setJSONAttribute("front_end", model.frontEnd)
            try group.setJSONAttribute("reservoir", model.reservoir)
            try group.setAttribute("front_end_kind", string: model.frontEnd.kind.rawValue)
            let r = model.reservoir
            try group.setAttribute("element", string: r.element.rawValue)
            try group.setAttribute("nodes", value: UInt64(r.nodes))
            try group.setAttribute("node_duration_us", value: r.nodeDuration)
            try group.setAttribute("bias_current_ma", value: r.biasCurrent)
            try group.setAttribute("input_scaling_ma", value: r.inputScaling)
            try group.setAttribute("mask_kind", string: r.maskKind.rawValue)
            try group.setAttribute("mask_seed", value: r.maskSeed)
            try group.setAttribute("regularisation", value: model.readout.regularisation)
            let readout = try group.createGroup("readout")
            let weights = try readout.createExtendibleDataset("weights", of: Double.self, chunkSize: model.readout.classes,
                                                              columns: model.readout.dimension)
            try weights.append(model.readout.weights)
            try weights.setAttribute("layout", string: "row c = output of class c, column i = state i")
            try readout.createDataset("bias", values: model.readout.bias)
            if let cv = crossValidation {
                let folds = try group.createGroup("cross_validation")
                try folds.setAttribute("folds", value: UInt64(cv.folds.count))
                try folds.setAttribute("held_out_correct", values: cv.folds.map { UInt64($0.heldOutCorrect) })
                try folds.setAttribute("held_out_total", values: cv.folds.map { UInt64($0.heldOutTotal) })
                try folds.setAttribute("training_correct", values: cv.folds.map { UInt64($0.trainingCorrect) })
                try folds.setAttribute("training_total", values: cv.folds.map { UInt64($0.trainingTotal) })
                try folds.setAttribute("regularisation", values: cv.folds.map(\.regularisation))
                let confusion = try folds.createExtendibleDataset("confusion", of: UInt64.self, chunkSize: cv.confusion.count,
                                                                  columns: cv.confusion.count)
                try confusion.append(cv.confusion.flatMap { $0.map(UInt64.init) })
                try confusion.setAttribute("layout", string: "row = true class, column = predicted class")
            }
        }
    }

    /// Reads a model file; every inconsistency is a one-line error naming the file.
    public static func read(path: String) throws -> ReservoirModelFile {
        let file = try HDF5File.open(path: path)
        let root = try file.rootGroup()
        let provenance = try root.stringAttributes()
        guard (try? root.memberNames())?.contains("reservoir") == true else {
            throw InputError(input: path, "not a reservoir model (no /reservoir group)")
        }
        let group = try root.openGroup("reservoir")
        func string(_ name: String) throws -> String {
            guard case .strings(let values) = try group.attribute(name), let value = values.first else {
                throw InputError(input: path, "/reservoir: attribute \(name) missing or not text")
            }
            return value
        }
        func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
            let text = Data(try string(name).utf8)
            try JSONDuplicateKeys.check(text, input: path, field: "/reservoir: attribute \(name)")
            guard let value = try? JSONDecoder().decode(type, from: text) else {
                throw InputError(input: path, "/reservoir: attribute \(name) is not valid \(name) JSON")
            }
            return value
        }
        let frontEnd = try decode(FrontEnd.self, "front_end")
        let reservoir = try decode(ReservoirParameters.self, "reservoir")
        do { try frontEnd.validate() } catch { throw InputError(input: path, "/reservoir: front_end: \(error.description)") }
        do { try reservoir.validate() } catch { throw InputError(input: path, "/reservoir: reservoir: \(error.description)") }
        let classes = try string("classes").split(separator: ",").map(String.init)
        guard (2...1000).contains(classes.count) else {
            throw InputError(input: path, "/reservoir: attribute classes must name 2 to 1000 classes")
        }
        guard case .doubles(let rates) = try group.attribute("sample_rate_hz"), let rate = rates.first,
              rate.isFinite, rate > 0, rate <= 1e6 else {
            throw InputError(input: path, "/reservoir: attribute sample_rate_hz must be a positive rate up to 1 MHz")
        }
        guard case .doubles(let values) = try group.attribute("regularisation"), let regularisation = values.first,
              regularisation.isFinite, regularisation >= 0 else {
            throw InputError(input: path, "/reservoir: attribute regularisation must be a non-negative number")
        }
        let dimension = reservoir.element == .none ? frontEnd.featureCount(sampleRate: rate) : reservoir.nodes
        let readout = try group.openGroup("readout")
        let weights = try readout.openDataset("weights")
        guard try weights.shape() == [classes.count, dimension] else {
            throw InputError(input: path, "\(weights.path): shape \(try weights.shape()), expected [\(classes.count), \(dimension)]")
        }
        let bias = try readout.openDataset("bias")
        guard try bias.shape() == [classes.count] else {
            throw InputError(input: path, "\(bias.path): shape \(try bias.shape()), expected [\(classes.count)]")
        }
        let w = try weights.read(Double.self, atMost: classes.count * dimension)
        let b = try bias.read(Double.self, atMost: classes.count)
        guard w.allSatisfy(\.isFinite), b.allSatisfy(\.isFinite) else {
            throw InputError(input: path, "/reservoir/readout: weights and bias must be finite")
        }
        let model = ReservoirModel(frontEnd: frontEnd, sampleRate: rate, reservoir: reservoir,
                                   readout: RidgeReadout(dimension: dimension, classes: classes.count, weights: w, bias: b,
                                                         regularisation: regularisation),
                                   classes: classes)
        return ReservoirModelFile(model: model, provenance: provenance)
    }
}
