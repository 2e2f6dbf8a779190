import Diagnostics
import Foundation
import Formats
import SpikeNeurons
import Units

/// The connection lists a network file names (`connectivity = { rule =
/// "file", path = "edges.csv" }`), read into explicit connections, with
/// every file's size and hash kept for the trace's provenance.
struct ConnectionLists {
    /// Where relative paths start (the network file's directory; empty: the current one).
    let directory: String
    /// Population sizes by name.
    let sizes: [String: Int]
    /// One comment line per file read: path, bytes, FNV-1a 64.
    private var digests: [String] = []

    /// A list with more distinct delays is refused: each delay is a line of
    /// spikes in flight that the kernel looks at for every event.
    static let mostDelays = 1000

    init(directory: String, sizes: [String: Int]) {
        self.directory = directory
        self.sizes = sizes
    }

    /// Comment lines naming every list read, appended to the network text.
    var provenance: String {
        digests.isEmpty ? "" : "\n# connection lists read (bytes, FNV-1a 64):\n" + digests.joined()
    }

    /// Reads the file named by `connectivity.path` for `source` -> `target`.
    mutating func read(_ connectivity: TableReader, source: String, target: String,
                       weightDimension: Units.Dimension) throws(InputError) -> ConnectionList {
        guard let raw = try connectivity.string("path"), !raw.isEmpty else { throw connectivity.error("path", "missing required field") }
        let path = raw.hasPrefix("/") || directory.isEmpty ? raw : (directory as NSString).appendingPathComponent(raw)
        let list = try ConnectionList.read(path: path, weightDimension: weightDimension,
                                           ends: .init(source: (source, sizes[source]!), target: (target, sizes[target]!)))
        digests.append("# \(path) \(list.digest.bytes) \(list.digest.fnv1a64)\n")
        return list
    }

    /// The list as explicit connections, one set per distinct delay in
    /// increasing order (all at `delay` when the list gives none).
    static func byDelay(_ list: ConnectionList, delay: Double, field: String) throws(InputError) -> [(ExplicitConnections, Double)] {
        guard let delays = list.delays else {
            return [(ExplicitConnections(sources: list.sources, targets: list.targets, weights: list.weights), delay)]
        }
        var positions: [Double: [Int]] = [:]
        for (index, delay) in delays.enumerated() {
            positions[delay, default: []].append(index)
            guard positions.count <= mostDelays else {
                throw InputError(field: field, message: "lists more than \(mostDelays) distinct delays (each is a delay line the kernel checks at every event); round them")
            }
        }
        return positions.sorted { $0.key < $1.key }.map { delay, indices in
            (ExplicitConnections(sources: indices.map { list.sources[$0] }, targets: indices.map { list.targets[$0] },
                                 weights: list.weights.map { weights in indices.map { weights[$0] } }), delay)
        }
    }
}
