import Diagnostics
import Foundation
import Units

/// Connections listed in a file, one per row: source node, target node and
/// optionally the connection's weight and delay, each with its unit.
///
/// - CSV (`.csv`): a header line naming the columns, in any order:
///   `source`, `target`, `weight_<unit>` and `delay_<unit>` (`weight_pA`,
///   `delay_ms`; a dimensionless weight is `weight`), then one line per
///   connection of comma-separated fields. Blank lines are skipped.
/// - HDF5 (`.h5`, `.hdf5`): 1-D datasets `/source` and `/target` of
///   integers, and optionally `/weight` and `/delay` of numbers, each with a
///   string attribute `units` ("pA", "ms"; none for a dimensionless weight).
///
/// Node indices are population indices (0-based). Every value is checked as
/// it is read and every problem is one line naming the file and the line or
/// dataset: a node outside its population, a field that is not a number, a
/// weight or delay that is not finite (or a negative delay), a wrong column
/// count, a dataset of the wrong type, shape or length.
public struct ConnectionList: Sendable {
    public var sources: [UInt32]
    public var targets: [UInt32]
    /// In the internal unit of the weight's dimension; nil when not listed.
    public var weights: [Double]?
    /// In ms; nil when not listed.
    public var delays: [Double]?
    /// Size and FNV-1a 64-bit hash of the file read, for provenance.
    public var digest: (bytes: Int, fnv1a64: String)

    /// The populations a list joins: their names (for messages) and sizes.
    public struct Ends: Sendable {
        public var source: (name: String, size: Int)
        public var target: (name: String, size: Int)

        public init(source: (name: String, size: Int), target: (name: String, size: Int)) {
            self.source = source
            self.target = target
        }
    }

    /// At most 2^27 connections (134 M, about 3 GB once read) per file; a CSV
    /// file of more than 1 GiB is refused before it is read.
    public static let largestCount = 1 << 27
    public static let largestCSV = 1 << 30

    /// Reads the list at `path` (CSV or HDF5, by its extension); weights are
    /// in `weightDimension`, nodes must lie in `ends`.
    public static func read(path: String, weightDimension: Units.Dimension, ends: Ends) throws(InputError) -> ConnectionList {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return try readCSV(path: path, weightDimension: weightDimension, ends: ends) }
        if lowered.hasSuffix(".h5") || lowered.hasSuffix(".hdf5") {
            do { return try readHDF5(path: path, weightDimension: weightDimension, ends: ends) } catch {
                throw (error as? InputError)?.located(in: path) ?? InputError(input: path, "\(error)")
            }
        }
        throw InputError(input: path, "a connection list must be a .csv or an .h5 file")
    }

    // MARK: CSV

    private enum Column { case source, target, weight(factor: Double), delay(factor: Double) }

    private static func readCSV(path: String, weightDimension: Units.Dimension, ends: Ends) throws(InputError) -> ConnectionList {
        let data = try InputFile.read(path, limit: largestCSV, what: "a connection list")
        var list = ConnectionList(sources: [], targets: [], weights: nil, delays: nil, digest: FileDigest.of(contents: data))
        func fail(_ line: Int, _ message: String) -> InputError { InputError(input: path, field: "line \(line)", message: message) }
        // Lines are taken one at a time: a list of all of them would hold a slice per connection.
        var next = data.startIndex
        func nextLine() -> [String]? {
            guard next <= data.endIndex, !(next == data.endIndex && next != data.startIndex) else { return nil }
            let end = data[next...].firstIndex(of: UInt8(ascii: "\n")) ?? data.endIndex
            defer { next = end + 1 }
            return data[next..<end].split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard let header = nextLine(), !header.allSatisfy(\.isEmpty) else {
            throw fail(1, "expected a header line: source,target[,weight_<unit>][,delay_<unit>]")
        }
        var columns: [Column] = []
        for name in header {
            let column: Column
            switch name {
            case "source": column = .source
            case "target": column = .target
            case _ where name.hasPrefix("weight"):
                let unit = name.hasPrefix("weight_") ? String(name.dropFirst(7)) : name == "weight" ? "" : nil
                guard let unit, let factor = weightDimension.units.first(where: { $0.symbol == unit })?.factor else {
                    throw fail(1, "column \"\(name)\": weights here are a \(weightDimension.rawValue); name the column weight_<unit> with one of: \(weightDimension.units.map(\.symbol).joined(separator: ", "))")
                }
                column = .weight(factor: factor)
            case _ where name.hasPrefix("delay_"):
                guard let factor = Units.Dimension.time.units.first(where: { $0.symbol == name.dropFirst(6) })?.factor else {
                    throw fail(1, "column \"\(name)\": delay_<unit> takes one of: \(Units.Dimension.time.units.map(\.symbol).joined(separator: ", "))")
                }
                column = .delay(factor: factor)
            default:
                throw fail(1, "unknown column \"\(name)\" (expected source, target, weight_<unit>, delay_<unit>)")
            }
            columns.append(column)
        }
        let kinds = columns.map { column in
            switch column { case .source: 0; case .target: 1; case .weight: 2; case .delay: 3 }
        }
        guard Set(kinds).count == kinds.count else { throw fail(1, "names a column twice") }
        guard kinds.contains(0), kinds.contains(1) else { throw fail(1, "needs the columns source and target") }
        if kinds.contains(2) { list.weights = [] }
        if kinds.contains(3) { list.delays = [] }
        var number = 1
        while let values = nextLine() {
            number += 1
            if values.allSatisfy(\.isEmpty) { continue }
            guard values.count == columns.count else {
                throw fail(number, "has \(values.count) fields, the header \(columns.count) (\(header.joined(separator: ",")))")
            }
            guard list.sources.count < largestCount else { throw fail(number, "more than \(largestCount) connections in one file") }
            for (column, (name, text)) in zip(columns, zip(header, values)) {
                switch column {
                case .source: list.sources.append(try node(text, ends.source, role: "source", at: { fail(number, $0) }))
                case .target: list.targets.append(try node(text, ends.target, role: "target", at: { fail(number, $0) }))
                case let .weight(factor):
                    guard let value = Double(text), (value * factor).isFinite else {
                        throw fail(number, "\(name): expected a finite number, got \"\(text)\"")
                    }
                    list.weights!.append(value * factor)
                case let .delay(factor):
                    guard let value = Double(text), (value * factor).isFinite, value >= 0 else {
                        throw fail(number, "\(name): expected a finite number >= 0, got \"\(text)\"")
                    }
                    list.delays!.append(value * factor)
                }
            }
        }
        return list
    }

    /// A node index written in a CSV field, inside its population.
    private static func node(_ text: String, _ population: (name: String, size: Int), role: String,
                             at fail: (String) -> InputError) throws(InputError) -> UInt32 {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let index = Int(text) else {
            throw fail("\(role): expected a node index (an integer >= 0), got \"\(text)\"")
        }
        guard index < population.size else {
            throw fail("\(role) node \(index) is outside population \(population.name) (0..<\(population.size))")
        }
        return UInt32(index)
    }

    // MARK: HDF5

    private static let datasets = ["source", "target", "weight", "delay"]

    private static func readHDF5(path: String, weightDimension: Units.Dimension, ends: Ends) throws -> ConnectionList {
        let root = try HDF5File.open(path: path).rootGroup()
        let members = try root.memberNames()
        if let unknown = members.first(where: { !datasets.contains($0) }) {
            throw InputError(input: path, "/\(unknown): unknown member (expected the datasets \(datasets.joined(separator: ", ")))")
        }
        func dataset(_ name: String) throws -> HDF5Dataset? {
            guard members.contains(name) else { return nil }
            let dataset = try root.openDataset(name)
            guard try dataset.shape().count == 1 else { throw InputError(input: path, "/\(name): expected a 1-D dataset") }
            return dataset
        }
        guard let sourceSet = try dataset("source"), let targetSet = try dataset("target") else {
            throw InputError(input: path, "needs the datasets /source and /target (node indices)")
        }
        let count = try sourceSet.count()
        func nodes(_ dataset: HDF5Dataset, _ population: (name: String, size: Int), _ role: String) throws -> [UInt32] {
            let kind = try dataset.valueClass()
            guard kind == .integer else { throw InputError(input: path, "\(dataset.path): expected integer node indices, got \(kind.rawValue) values") }
            guard try dataset.count() == count else {
                throw InputError(input: path, "\(dataset.path) has \(try dataset.count()) elements, /source \(count)")
            }
            let values = try dataset.read(Int64.self, atMost: largestCount)
            if let bad = values.firstIndex(where: { $0 < 0 || $0 >= population.size }) {
                throw InputError(input: path, "\(dataset.path)[\(bad)]: \(role) node \(values[bad]) is outside population \(population.name) (0..<\(population.size))")
            }
            return values.map { UInt32($0) }
        }
        func numbers(_ dataset: HDF5Dataset, _ dimension: Units.Dimension, atLeastZero: Bool) throws -> [Double] {
            let kind = try dataset.valueClass()
            guard kind == .integer || kind == .float else { throw InputError(input: path, "\(dataset.path): expected numbers, got \(kind.rawValue) values") }
            guard try dataset.count() == count else {
                throw InputError(input: path, "\(dataset.path) has \(try dataset.count()) elements, /source \(count)")
            }
            let factor = try dataset.unitFactor(dimension, input: path)
            let values = try dataset.read(Double.self, atMost: largestCount).map { $0 * factor }
            if let bad = values.firstIndex(where: { !$0.isFinite || (atLeastZero && $0 < 0) }) {
                throw InputError(input: path, "\(dataset.path)[\(bad)]: \(values[bad]) \(dimension.internalUnit) must be finite\(atLeastZero ? " and >= 0" : "")")
            }
            return values
        }
        let sources = try nodes(sourceSet, ends.source, "source"), targets = try nodes(targetSet, ends.target, "target")
        let weights = try dataset("weight").map { try numbers($0, weightDimension, atLeastZero: false) }
        let delays = try dataset("delay").map { try numbers($0, Units.Dimension.time, atLeastZero: true) }
        return ConnectionList(sources: sources, targets: targets, weights: weights, delays: delays, digest: try FileDigest.of(path))
    }
}
