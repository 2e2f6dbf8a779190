import Diagnostics

/// The arrays of SONATA node, edge and spike files (the layout BMTK's
/// `NetworkBuilder.save` and `PoissonSpikeGenerator.to_sonata` write), read
/// and checked for consistency as arrays: equal lengths, groups and group
/// rows that exist. What the values mean (models, weights) is the caller's.
/// Integer ids are read as signed 64-bit, so a negative id in a hostile
/// file is seen, not clipped to 0.
public enum SONATACircuitArrays {
    /// At most 2^31 elements per dataset: node indices are 32-bit in SpinSim.
    static let limit = 1 << 31

    /// One node population: `/nodes/<name>/{node_id, node_type_id}`.
    public struct Nodes: Sendable {
        public var name: String
        /// The node ids, in row order (`0..<count` when the file has no `node_id`).
        public var nodeIDs: [Int64]
        public var nodeTypeIDs: [Int64]
    }

    /// One edge population: `/edges/<name>/{source_node_id, target_node_id,
    /// edge_type_id, edge_group_id, edge_group_index}` and the numeric
    /// columns `syn_weight`, `delay`, `nsyns` of its groups `<name>/<group id>`.
    public struct Edges: Sendable {
        public var name: String
        /// The `node_population` attributes of source_node_id and target_node_id.
        public var sourcePopulation: String
        public var targetPopulation: String
        public var sourceNodeIDs: [Int64]
        public var targetNodeIDs: [Int64]
        public var edgeTypeIDs: [Int64]
        /// Per edge: the value of `column` in its group, or nil when its group has no such column.
        public var columns: [String: [Double?]]
    }

    /// The numeric per-edge columns read from edge groups.
    public static let edgeColumns = ["syn_weight", "delay", "nsyns"]

    /// Every node population of a nodes file.
    public static func readNodes(path: String) throws -> [Nodes] {
        let nodes = try HDF5File.open(path: path).rootGroup().openGroup("nodes")
        let names = try nodes.memberNames()
        guard !names.isEmpty else { throw InputError(input: path, "/nodes holds no population") }
        return try names.map { name in
            let population = try nodes.openGroup(name)
            let types = try integers(population, "node_type_id")
            let ids = try population.memberNames().contains("node_id") ? try integers(population, "node_id") : (0..<Int64(types.count)).map { $0 }
            try checkLength(ids, of: "\(population.path)/node_id", equals: types.count, in: path)
            return Nodes(name: name, nodeIDs: ids, nodeTypeIDs: types)
        }
    }

    /// Each edge's value of every `edgeColumns` column its group holds (nil
    /// where the group lacks the column): edge i is row edge_group_index[i]
    /// of group edge_group_id[i].
    private static func groupColumns(_ population: HDF5Group, count: Int, in path: String) throws -> [String: [Double?]] {
        let groupIDs = try integers(population, "edge_group_id"), groupRows = try integers(population, "edge_group_index")
        try checkLength(groupIDs, of: "\(population.path)/edge_group_id", equals: count, in: path)
        try checkLength(groupRows, of: "\(population.path)/edge_group_index", equals: count, in: path)
        var groups: [Int64: [String: [Double]]] = [:]
        for member in try population.memberNames() where !member.isEmpty && member.allSatisfy(\.isASCII) && member.allSatisfy(\.isNumber) {
            guard let id = Int64(member) else { continue }
            let group = try population.openGroup(member)
            let present = try group.memberNames()
            var values: [String: [Double]] = [:]
            for column in edgeColumns where present.contains(column) {
                values[column] = try group.openDataset(column).read(Double.self, atMost: limit)
            }
            groups[id] = values
        }
        var columns = Dictionary(uniqueKeysWithValues: edgeColumns.map { ($0, [Double?](repeating: nil, count: count)) })
        for edge in 0..<count {
            guard let group = groups[groupIDs[edge]] else {
                throw InputError(input: path, "\(population.path)/edge_group_id[\(edge)] is \(groupIDs[edge]), a group the population does not have")
            }
            for (column, values) in group {
                guard groupRows[edge] >= 0, groupRows[edge] < values.count else {
                    throw InputError(input: path, "\(population.path)/edge_group_index[\(edge)] is \(groupRows[edge]), outside group \(groupIDs[edge])'s \(column) (\(values.count) rows)")
                }
                columns[column]![edge] = values[Int(groupRows[edge])]
            }
        }
        return columns
    }

    /// Every edge population of an edges file.
    public static func readEdges(path: String) throws -> [Edges] {
        let edges = try HDF5File.open(path: path).rootGroup().openGroup("edges")
        let names = try edges.memberNames()
        guard !names.isEmpty else { throw InputError(input: path, "/edges holds no population") }
        return try names.map { name in
            let population = try edges.openGroup(name)
            let sources = try population.openDataset("source_node_id")
            let targets = try population.openDataset("target_node_id")
            let sourceIDs = try integers(population, "source_node_id"), targetIDs = try integers(population, "target_node_id")
            let count = sourceIDs.count
            try checkLength(targetIDs, of: targets.path, equals: count, in: path)
            let types = try integers(population, "edge_type_id")
            try checkLength(types, of: "\(population.path)/edge_type_id", equals: count, in: path)
            let columns = try try population.memberNames().contains("edge_group_id")
                ? groupColumns(population, count: count, in: path) : [:]
            return Edges(name: name, sourcePopulation: try populationName(sources, in: path),
                         targetPopulation: try populationName(targets, in: path), sourceNodeIDs: sourceIDs,
                         targetNodeIDs: targetIDs, edgeTypeIDs: types, columns: columns)
        }
    }

    /// The spikes of `population` in a SONATA spike file (`/spikes/<population>/{timestamps, node_ids}`):
    /// times in ms (converted from the `units` attribute, ms when absent) and node ids.
    public static func readSpikes(path: String, population: String) throws -> (times: [Double], nodeIDs: [Int64]) {
        let spikes = try HDF5File.open(path: path).rootGroup().openGroup("spikes")
        guard try spikes.memberNames().contains(population) else {
            throw InputError(input: path, "has no spikes of population \(population) (/spikes/\(population))")
        }
        let group = try spikes.openGroup(population)
        let timestamps = try group.openDataset("timestamps")
        var times = try timestamps.read(Double.self, atMost: limit)
        let ids = try integers(group, "node_ids")
        try checkLength(ids, of: "\(group.path)/node_ids", equals: times.count, in: path)
        if try timestamps.attributeNames().contains("units") {
            guard case let .strings(units) = try timestamps.attribute("units"), let unit = units.first, units.count == 1 else {
                throw InputError(input: path, "\(timestamps.path): attribute units must be a string")
            }
            switch unit {
            case "ms": break
            case "s": times = times.map { $0 * 1000 }
            default: throw InputError(input: path, "\(timestamps.path): units \"\(unit)\" is not a time unit SpinSim reads (ms or s)")
            }
        }
        return (times, ids)
    }

    private static func integers(_ group: HDF5Group, _ name: String) throws -> [Int64] {
        try group.openDataset(name).read(Int64.self, atMost: limit)
    }

    private static func checkLength(_ values: [Int64], of what: String, equals count: Int, in path: String) throws {
        guard values.count == count else {
            throw InputError(input: path, "\(what) has \(values.count) elements, expected \(count)")
        }
    }

    private static func populationName(_ dataset: HDF5Dataset, in path: String) throws -> String {
        guard try dataset.attributeNames().contains("node_population"),
              case let .strings(names) = try dataset.attribute("node_population"), names.count == 1, !names[0].isEmpty else {
            throw InputError(input: path, "\(dataset.path) has no string attribute node_population (which node population its ids are in)")
        }
        return names[0]
    }
}
