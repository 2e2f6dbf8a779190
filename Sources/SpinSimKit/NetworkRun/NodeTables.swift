import Diagnostics
import Foundation
import Formats
import SpikeNeurons

/// The node tables a network file names (`node_values = "cells.csv"` in a
/// [[population]]): per-node parameter values read from CSV or HDF5 (see
/// `NodeTable`), with every file's size and hash kept for the trace's provenance.
struct NodeTables {
    /// Where relative paths start (the network file's directory; empty: the current one).
    let directory: String
    /// One comment line per file read: path, bytes, FNV-1a 64.
    private var digests: [String] = []

    init(directory: String) {
        self.directory = directory
    }

    /// Comment lines naming every table read, appended to the network text.
    var provenance: String {
        digests.isEmpty ? "" : "\n# node tables read (bytes, FNV-1a 64):\n" + digests.joined()
    }

    /// The per-node parameters in the table the population's `node_values` names.
    mutating func read(_ population: TableReader, schema: ModelSchema, size: Int) throws(InputError) -> [String: [Double]] {
        guard let raw = try population.string("node_values"), !raw.isEmpty else {
            throw population.error("node_values", "expected the path of a .csv or .h5 node table")
        }
        let path = raw.hasPrefix("/") || directory.isEmpty ? raw : (directory as NSString).appendingPathComponent(raw)
        let perNode = schema.parameters.filter { if case .perNode = $0.kind { true } else { false } }
        guard !perNode.isEmpty else { throw population.error("node_values", "\(schema.name) has no per-node parameters") }
        let table = try NodeTable.read(path: path, size: size, dimensions: Dictionary(uniqueKeysWithValues: perNode.map { ($0.name, $0.dimension) }))
        digests.append("# \(path) \(table.digest.bytes) \(table.digest.fnv1a64)\n")
        return table.columns
    }
}
