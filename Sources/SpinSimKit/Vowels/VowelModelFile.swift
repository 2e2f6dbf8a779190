import Diagnostics
import Foundation
import Formats
import SynchronyTask

/// A trained vowel network in HDF5, readable with h5py:
///
///     /vowels                     attributes: vowels (comma-separated, class order), encoding and network
///                                 (JSON: every parameter, MHz, µs, mA, 1/µs), training_talkers,
///                                 chosen_epoch, oscillators, choices (the task's stated choices, text)
///     /vowels/currents            float64 (oscillators), mA: the learned DC currents
///     /vowels/table/pattern       uint64 (patterns): lock-pattern code sum_i s_i 3^i, s_i = 0 free, 1 A, 2 B
///     /vowels/table/vowel         uint64: class index of each pattern
///     /vowels/table/count         uint64: training tokens with the pattern
///     /vowels/table/agreeing      uint64: of which were that vowel
///     /vowels/targets             int64 (vowels): each vowel's target pattern code, -1 for none
///     /vowels/learning_curve/{epoch, training_accuracy, test_accuracy, updates}  one row per epoch
///     /vowels/learning_curve/currents  float64 (epochs x oscillators), mA
///
/// Root attributes carry provenance (version, command line, training data).
public struct VowelModelFile: Sendable {
    public var model: VowelModel
    public var trainingTalkers: [String]
    public var curve: [VowelEpochRecord]
    public var chosenEpoch: Int
    public var provenance: [String: String]

    public static let choices = """
        women's steady-state F1 and F2 (Hillenbrand et al. 1995); each formant in Bark mapped affinely onto its own \
        sub-band (F1 -> source A, F2 -> source B), ranges fitted on training talkers; oscillators in series on the sources' \
        line; an oscillator follows source S when its phase drifts from S by less than the detector's tolerance over the \
        read-out window; lock pattern -> vowel by the majority of training tokens, unseen patterns by the nearest seen one; \
        currents trained online, after each wrong answer, towards each vowel's most frequent pattern; talkers split, never tokens
        """

    public init(model: VowelModel, trainingTalkers: [String], curve: [VowelEpochRecord], chosenEpoch: Int,
                provenance: [String: String]) {
        self.model = model
        self.trainingTalkers = trainingTalkers
        self.curve = curve
        self.chosenEpoch = chosenEpoch
        self.provenance = provenance
    }

    /// Writes the file atomically (`ModelFileWriting`).
    public func write(path: String, replacing: Bool) throws {
        try ModelFileWriting.write(path: path, replacing: replacing, provenance: provenance, group: "vowels") { group in
            try group.setAttribute("vowels", string: model.vowels.joined(separator: ","))
            try group.setJSONAttribute("encoding", model.encoding)
            try group.setJSONAttribute("network", model.network)
            try group.setAttribute("training_talkers", string: trainingTalkers.joined(separator: ","))
            try group.setAttribute("chosen_epoch", value: UInt64(chosenEpoch))
            try group.setAttribute("oscillators", value: UInt64(model.currents.count))
            try group.setAttribute("choices", string: Self.choices)
            let currents = try group.createDataset("currents", values: model.currents)
            try currents.setAttribute("units", string: "mA")
            let table = try group.createGroup("table")
            let entries = model.table.entries
            try table.createDataset("pattern", values: entries.map { UInt64($0.pattern.code) })
            try table.createDataset("vowel", values: entries.map { UInt64($0.vowel) })
            try table.createDataset("count", values: entries.map { UInt64($0.count) })
            try table.createDataset("agreeing", values: entries.map { UInt64($0.agreeing) })
            try group.createDataset("targets", values: model.targets.map { Int64($0?.code ?? -1) })
            let learning = try group.createGroup("learning_curve")
            try learning.createDataset("epoch", values: curve.map { UInt64($0.epoch) })
            try learning.createDataset("training_accuracy", values: curve.map(\.trainingAccuracy))
            try learning.createDataset("test_accuracy", values: curve.map { $0.monitorAccuracy ?? .nan })
            try learning.createDataset("updates", values: curve.map { UInt64($0.updates) })
            let history = try learning.createExtendibleDataset("currents", of: Double.self, chunkSize: max(1, curve.count),
                                                               columns: model.currents.count)
            try history.append(curve.flatMap(\.currents))
            try history.setAttribute("units", string: "mA")
        }
    }

    /// Reads a model file; every inconsistency is a one-line error naming the file.
    public static func read(path: String) throws -> VowelModelFile {
        let file = try HDF5File.open(path: path)
        let root = try file.rootGroup()
        let provenance = try root.stringAttributes()
        guard (try? root.memberNames())?.contains("vowels") == true else {
            throw InputError(input: path, "not a vowel model (no /vowels group)")
        }
        let group = try root.openGroup("vowels")
        func fail(_ message: String) -> InputError { InputError(input: path, "/vowels: " + message) }
        func string(_ name: String) throws -> String {
            guard case .strings(let values) = try group.attribute(name), let value = values.first else {
                throw fail("attribute \(name) missing or not text")
            }
            return value
        }
        func decode<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
            let text = Data(try string(name).utf8)
            try JSONDuplicateKeys.check(text, input: path, field: "/vowels: attribute \(name)")
            guard let value = try? JSONDecoder().decode(type, from: text) else { throw fail("attribute \(name) is not valid \(name) JSON") }
            return value
        }
        let vowels = try string("vowels").split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard (2...100).contains(vowels.count), Set(vowels).count == vowels.count, !vowels.contains("") else {
            throw fail("attribute vowels must name 2 to 100 distinct vowels")
        }
        let encoding = try decode(FormantEncoding.self, "encoding")
        let network = try decode(VowelNetworkParameters.self, "network")
        do { try encoding.validate() } catch { throw fail("encoding: \(error.description)") }
        do { try network.validate() } catch { throw fail("network: \(error.description)") }
        let n = network.count
        func dataset<T: HDF5Element>(_ g: HDF5Group, _ name: String, _ type: T.Type, count: Int? = nil) throws -> [T] {
            guard (try? g.memberNames())?.contains(name) == true else { throw fail("dataset \(name) missing") }
            let d = try g.openDataset(name)
            let shape = try d.shape()
            guard shape.count == 1, count == nil || shape[0] == count!, shape[0] <= 1 << 20 else {
                throw fail("dataset \(name) has shape \(shape)\(count.map { ", expected [\($0)]" } ?? "")")
            }
            return try d.read(T.self, atMost: shape[0])
        }
        let currents = try dataset(group, "currents", Double.self, count: n)
        guard currents.allSatisfy({ network.currentRange.contains($0) }) else {
            throw fail("currents must lie in the working range \(network.currentRange.lowerBound)...\(network.currentRange.upperBound) mA")
        }
        let tableGroup = try group.openGroup("table")
        let codes = try dataset(tableGroup, "pattern", UInt64.self)
        let classes = try dataset(tableGroup, "vowel", UInt64.self, count: codes.count)
        let counts = try dataset(tableGroup, "count", UInt64.self, count: codes.count)
        let agreeing = try dataset(tableGroup, "agreeing", UInt64.self, count: codes.count)
        var limit = 1
        for _ in 0..<n { limit *= 3 }
        guard !codes.isEmpty, Set(codes).count == codes.count, codes.allSatisfy({ $0 < limit }),
              classes.allSatisfy({ $0 < vowels.count }), zip(counts, agreeing).allSatisfy({ $1 <= $0 && $0 < 1 << 40 }) else {
            throw fail("table: patterns must be distinct codes below 3^\(n), vowels indices below \(vowels.count), agreeing <= count")
        }
        let table = LockPatternTable(entries: codes.indices.map {
            .init(pattern: LockPattern(code: Int(codes[$0]), count: n), vowel: Int(classes[$0]), count: Int(counts[$0]), agreeing: Int(agreeing[$0]))
        })
        let targetCodes = try dataset(group, "targets", Int64.self, count: vowels.count)
        guard targetCodes.allSatisfy({ $0 >= -1 && $0 < limit }) else { throw fail("targets must be -1 or codes below 3^\(n)") }
        guard case .uint64s(let epochs) = try group.attribute("chosen_epoch"), let chosen = epochs.first, chosen < 1 << 20 else {
            throw fail("attribute chosen_epoch missing or not an unsigned integer")
        }
        let talkers = try string("training_talkers").split(separator: ",").map(String.init)
        let model = VowelModel(vowels: vowels, encoding: encoding, network: network, currents: currents, table: table,
                               targets: targetCodes.map { $0 < 0 ? nil : LockPattern(code: Int($0), count: n) })
        return VowelModelFile(model: model, trainingTalkers: talkers, curve: [], chosenEpoch: Int(chosen), provenance: provenance)
    }
}
