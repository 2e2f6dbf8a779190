import Diagnostics
import Foundation
import Units

/// Per-node parameter values listed in a file, one row per node in node
/// order, one column per parameter, each with its unit:
///
/// - CSV (`.csv`): a header line naming the columns `<parameter>_<unit>`
///   (`v_init_mV`, `i_e_pA`; a dimensionless parameter is its bare name),
///   then one line per node of comma-separated numbers. Blank lines are skipped.
/// - HDF5 (`.h5`, `.hdf5`): one 1-D dataset per parameter, named by it, of
///   numbers with a string attribute `units` (none for a dimensionless one).
///
/// Every problem is one line naming the file and the line or dataset: an
/// unknown column or unit, a column named twice, a field that is not a
/// finite number, a wrong field count or row count.
public struct NodeTable: Sendable {
    /// Parameter name -> one value per node, in the internal unit of its dimension.
    public var columns: [String: [Double]]
    /// Size and FNV-1a 64-bit hash of the file read, for provenance.
    public var digest: (bytes: Int, fnv1a64: String)

    /// A CSV table of more than 256 MiB (tens of millions of nodes) is refused before it is read.
    public static let largestCSV = 1 << 28

    /// Reads the table at `path` (CSV or HDF5, by its extension) for `size`
    /// nodes; `dimensions` names the parameters it may hold.
    public static func read(path: String, size: Int, dimensions: [String: Units.Dimension]) throws(InputError) -> NodeTable {
        let lowered = path.lowercased()
        if lowered.hasSuffix(".csv") { return try readCSV(path: path, size: size, dimensions: dimensions) }
        if lowered.hasSuffix(".h5") || lowered.hasSuffix(".hdf5") {
            do { return try readHDF5(path: path, size: size, dimensions: dimensions) } catch {
                throw (error as? InputError)?.located(in: path) ?? InputError(input: path, "\(error)")
            }
        }
        throw InputError(input: path, "a node table must be a .csv or an .h5 file")
    }

    private static func known(_ dimensions: [String: Units.Dimension]) -> String {
        dimensions.keys.sorted().joined(separator: ", ")
    }

    // MARK: CSV

    private static func readCSV(path: String, size: Int, dimensions: [String: Units.Dimension]) throws(InputError) -> NodeTable {
        let data = try InputFile.read(path, limit: largestCSV, what: "a node table")
        func fail(_ line: Int, _ message: String) -> InputError { InputError(input: path, field: "line \(line)", message: message) }
        let lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            $0.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
        }
        guard let header = lines.first, !header.allSatisfy(\.isEmpty) else {
            throw fail(1, "expected a header line naming the columns <parameter>_<unit>")
        }
        func unitColumn(_ column: String) throws(InputError) -> (String, Double) {
            guard let split = column.lastIndex(of: "_"), let dimension = dimensions[String(column[..<split])] else {
                throw fail(1, "unknown column \"\(column)\" (expected <parameter>_<unit> for a per-node parameter: \(known(dimensions)))")
            }
            let name = String(column[..<split]), unit = column[column.index(after: split)...]
            guard let factor = dimension.units.first(where: { $0.symbol == unit })?.factor else {
                throw fail(1, "column \"\(column)\": \(name) is a \(dimension.rawValue); the unit is one of: \(dimension.units.map(\.symbol).joined(separator: ", "))")
            }
            return (name, factor)
        }
        var parameters: [(name: String, factor: Double)] = []
        for column in header {
            let parameter = dimensions[column] == .dimensionless ? (column, 1.0) : try unitColumn(column)
            guard !parameters.contains(where: { $0.name == parameter.0 }) else { throw fail(1, "names \(parameter.0) twice") }
            parameters.append(parameter)
        }
        var columns = Array(repeating: [Double](), count: parameters.count)
        for (index, fields) in lines.enumerated().dropFirst() where !fields.allSatisfy(\.isEmpty) {
            guard fields.count == parameters.count else {
                throw fail(index + 1, "has \(fields.count) fields, the header \(parameters.count) (\(header.joined(separator: ",")))")
            }
            guard columns[0].count < size else { throw fail(index + 1, "more rows than the population's \(size) nodes") }
            for (column, (text, parameter)) in zip(parameters.indices, zip(fields, parameters)) {
                guard let value = Double(text), (value * parameter.factor).isFinite else {
                    throw fail(index + 1, "\(header[column]): expected a finite number, got \"\(text)\"")
                }
                columns[column].append(value * parameter.factor)
            }
        }
        guard columns[0].count == size else {
            throw InputError(input: path, "lists \(columns[0].count) nodes; the population has \(size)")
        }
        return NodeTable(columns: Dictionary(uniqueKeysWithValues: zip(parameters.map(\.name), columns)), digest: FileDigest.of(contents: data))
    }

    // MARK: HDF5

    private static func readHDF5(path: String, size: Int, dimensions: [String: Units.Dimension]) throws -> NodeTable {
        let root = try HDF5File.open(path: path).rootGroup()
        var columns: [String: [Double]] = [:]
        for name in try root.memberNames() {
            guard let dimension = dimensions[name] else {
                throw InputError(input: path, "/\(name): unknown member (expected datasets named by per-node parameters: \(known(dimensions)))")
            }
            let dataset = try root.openDataset(name)
            guard try dataset.shape().count == 1 else { throw InputError(input: path, "/\(name): expected a 1-D dataset") }
            let kind = try dataset.valueClass()
            guard kind == .integer || kind == .float else { throw InputError(input: path, "/\(name): expected numbers, got \(kind.rawValue) values") }
            guard try dataset.count() == size else {
                throw InputError(input: path, "/\(name) has \(try dataset.count()) elements; the population has \(size) nodes")
            }
            let factor = try dataset.unitFactor(dimension, input: path)
            let values = try dataset.read(Double.self, atMost: size).map { $0 * factor }
            if let bad = values.firstIndex(where: { !$0.isFinite }) {
                throw InputError(input: path, "/\(name)[\(bad)]: \(values[bad]) \(dimension.internalUnit) is not finite")
            }
            columns[name] = values
        }
        guard !columns.isEmpty else { throw InputError(input: path, "holds no dataset (one per per-node parameter: \(known(dimensions)))") }
        return NodeTable(columns: columns, digest: try FileDigest.of(path))
    }
}
