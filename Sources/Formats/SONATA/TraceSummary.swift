import Diagnostics
/// What `spinsim inspect` shows about a trace file, read back through libhdf5.
public struct TraceSummary: Sendable {
    public struct SpikePopulation: Sendable {
        public var name: String
        public var nodeCount: UInt64?
        /// When only some nodes' spikes were recorded: how many.
        public var recordedNodeCount: UInt64?
        public var spikeCount: Int
        public var firstSpike: Double?
        public var lastSpike: Double?
    }

    public struct StateReportInfo: Sendable {
        public var population: String
        public var variable: String
        public var units: String
        public var nodeCount: Int
        public var samples: Int
        /// [start, stop, step]
        public var time: [Double]
        public var timeUnits: String
    }

    public var provenance: [(name: String, value: String)]
    public var populations: [SpikePopulation]
    public var reports: [StateReportInfo]
    /// Simulated span [start, end] (ms) from the provenance.
    public var span: (start: Double, end: Double)?
    public var completed: Bool?

    /// Reads a trace written by SpinSim; a file that is not one (or is damaged)
    /// gives a one-line error naming the file.
    public static func read(path: String) throws -> TraceSummary {
        let file = try HDF5File.open(path: path)
        let root = try file.rootGroup()
        let names = try root.attributeNames()
        guard names.contains(TraceAttribute.spinsimVersion.rawValue) else {
            throw InputError(input: path, "not a SpinSim trace (no spinsim_version attribute on /)")
        }
        var provenance: [(String, String)] = []
        for name in names {
            provenance.append((name, Self.text(try root.attribute(name))))
        }
        func double(_ name: String) throws -> Double? {
            guard names.contains(name), case let .doubles(values) = try root.attribute(name) else { return nil }
            return values.first
        }
        var completed: Bool?
        if names.contains(TraceAttribute.completed.rawValue), case let .bools(flags) = try root.attribute(TraceAttribute.completed.rawValue) { completed = flags.first }
        var populations: [SpikePopulation] = []
        let members = try root.memberNames()
        if members.contains("spikes") {
            let spikes = try root.openGroup("spikes")
            for name in try spikes.memberNames() {
                let group = try spikes.openGroup(name)
                var nodeCount: UInt64?
                if try group.attributeNames().contains("node_count"), case let .uint64s(values) = try group.attribute("node_count") {
                    nodeCount = values.first
                }
                var recordedNodeCount: UInt64?
                if try group.attributeNames().contains("recorded_node_count"),
                   case let .uint64s(values) = try group.attribute("recorded_node_count") {
                    recordedNodeCount = values.first
                }
                // Only the first and last times are needed: a trace may hold billions.
                let timestamps = try group.openDataset("timestamps")
                let count = try timestamps.count()
                let nodes = try group.openDataset("node_ids").count()
                guard nodes == count else {
                    throw InputError(input: path, "/spikes/\(name) has \(count) timestamps but \(nodes) node ids")
                }
                let ends = count == 0 ? [] : try timestamps.read(Double.self, elements: 0..<1)
                    + timestamps.read(Double.self, elements: (count - 1)..<count)
                populations.append(SpikePopulation(
                    name: name, nodeCount: nodeCount, recordedNodeCount: recordedNodeCount, spikeCount: count,
                    firstSpike: ends.first, lastSpike: ends.last))
            }
        }
        var reports: [StateReportInfo] = []
        if members.contains("report") {
            let reportGroup = try root.openGroup("report")
            for name in try reportGroup.memberNames() {
                let data = try reportGroup.openGroup(name).openDataset("data")
                let timeAxis = try reportGroup.openGroup(name).openDataset("mapping/time")
                let attributes = try data.attributeNames()
                let shape = try data.shape()
                reports.append(StateReportInfo(
                    population: name,
                    variable: attributes.contains("variable") ? Self.text(try data.attribute("variable")) : "?",
                    units: attributes.contains("units") ? Self.text(try data.attribute("units")) : "?",
                    nodeCount: shape.count == 2 ? shape[1] : 0, samples: shape.first ?? 0,
                    time: try timeAxis.read(Double.self, atMost: 3),
                    timeUnits: try timeAxis.attributeNames().contains("units") ? Self.text(try timeAxis.attribute("units")) : "?"))
            }
        }
        let start = try double(TraceAttribute.startTime.rawValue) ?? 0
        // The time actually reached when the run recorded it; a killed run's
        // trace only knows its planned end.
        let end = try double(TraceAttribute.reachedTime.rawValue) ?? double(TraceAttribute.endTime.rawValue)
        return TraceSummary(provenance: provenance, populations: populations, reports: reports,
                            span: end.map { (start, $0) }, completed: completed)
    }

    private static func text(_ value: HDF5AttributeValue) -> String {
        let items: [String] = switch value {
        case let .doubles(values): values.map { "\($0)" }
        case let .uint64s(values): values.map { "\($0)" }
        case let .int64s(values): values.map { "\($0)" }
        case let .strings(values): values
        case let .bools(values): values.map { "\($0)" }
        case let .enumNames(values): values
        }
        return items.count == 1 ? items[0] : "[" + items.joined(separator: ", ") + "]"
    }
}
