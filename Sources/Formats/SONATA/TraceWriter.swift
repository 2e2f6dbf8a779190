
import Diagnostics

/// Streams a run's trace into one HDF5 file: a SONATA spike report, SONATA
/// reports of sampled state variables, and provenance attributes on the root.
///
///     /spikes/<population>/timestamps   float64, units = "ms"
///     /spikes/<population>/node_ids     uint64
///     /spikes/<population>  attributes sorting = by_time (enum over uint8), node_count
///                           (and recorded_node_count, recorded_node_ids when only some nodes are recorded)
///     /report/<population>/data         float32, time x nodes, attributes units, variable
///     /report/<population>/mapping/{node_ids, index_pointers, element_ids, time}
///
/// Memory stays bounded however long the run: each population's spikes are
/// buffered up to one chunk and then appended to its datasets. `record` only
/// appends to arrays except when a buffer fills. Because `record` cannot throw,
/// a write failure there is remembered: later spikes are dropped, and `flush()`
/// and `finish(completed:)` throw it.
///
/// The root attribute `completed` is written as false at creation and set by
/// `finish`, so a reader can tell a report cut short (a killed process leaves a
/// readable file holding every spike up to the last `flush()`).
public final class TraceWriter {
    /// Elements per HDF5 chunk and per in-memory buffer (64 Ki spikes: 512 KiB
    /// per dataset chunk, large enough for efficient appends and compression).
    public static let defaultChunkSize = 65_536

    /// Values of SONATA's `sorting` enum.
    static let sortingMembers: [(name: String, value: UInt8)] = [("none", 0), ("by_id", 1), ("by_time", 2)]

    /// One recorded population: its datasets and the spikes not yet written.
    ///
    /// The buffers are fixed-size raw allocations rather than arrays: a
    /// spike is then two stores and an increment, with no copy-on-write or
    /// exclusivity check (arrays made recording several times dearer:
    /// docs/PERFORMANCE.md).
    private final class PopulationStream {
        let timestamps: HDF5Dataset
        let nodeIDs: HDF5Dataset
        let times: UnsafeMutableBufferPointer<Double>
        let nodes: UnsafeMutableBufferPointer<UInt64>
        var count = 0

        init(timestamps: HDF5Dataset, nodeIDs: HDF5Dataset, capacity: Int) {
            self.timestamps = timestamps
            self.nodeIDs = nodeIDs
            times = .allocate(capacity: capacity)
            nodes = .allocate(capacity: capacity)
        }

        deinit {
            times.deallocate()
            nodes.deallocate()
        }
    }

    /// The report's path, as given.
    public let path: String
    /// Spikes accepted into the report per population (0 for populations not recorded).
    public private(set) var spikeCounts: [UInt64]

    private let chunkSize: Int
    private let populationSizes: [Int]
    /// Indexed by population; nil where the population is not recorded.
    private var streams: [PopulationStream?]
    /// nil once finished.
    private var root: HDF5Group?
    /// The first write failure; once set, spikes are dropped.
    private var failure: InputError?
    private var reportGroup: HDF5Group?
    private var stateReports: [StateReport] = []

    /// Creates the report file with one group per recorded population (even
    /// one that never spikes, so readers see every recorded population).
    ///
    /// - Parameters:
    ///   - populations: every population of the network, in network order
    ///     (`record`'s `population` indexes this list).
    ///   - recorded: which populations to write; same length as `populations`.
    ///   - overwrite: replace an existing file instead of failing.
    ///   - compressionLevel: gzip level 0...9 for the datasets, or nil for none.
    ///   - chunkSize: spikes per chunk and per buffer.
    public init(path: String, populations: [(name: String, size: Int)], recorded: [Bool], overwrite: Bool,
                compressionLevel: Int? = nil, chunkSize: Int = TraceWriter.defaultChunkSize) throws {
        precondition(populations.count == recorded.count, "one recorded flag per population")
        precondition(chunkSize > 0, "chunk size must be positive")
        self.path = path
        self.chunkSize = chunkSize
        populationSizes = populations.map(\.size)
        spikeCounts = Array(repeating: 0, count: populations.count)

        let file = try HDF5File.create(path: path, overwrite: overwrite)
        let root = try file.rootGroup()
        let spikes = try root.createGroup("spikes")
        streams = try zip(populations, recorded).map { population, isRecorded in
            guard isRecorded else { return nil }
            let group = try spikes.createGroup(population.name)
            try group.setEnumAttribute("sorting", members: Self.sortingMembers, value: 2)
            try group.setAttribute("node_count", value: UInt64(population.size))
            let timestamps = try group.createExtendibleDataset(
                "timestamps", of: Double.self, chunkSize: chunkSize, compressionLevel: compressionLevel)
            try timestamps.setAttribute("units", string: "ms")
            let nodeIDs = try group.createExtendibleDataset(
                "node_ids", of: UInt64.self, chunkSize: chunkSize, compressionLevel: compressionLevel)
            return PopulationStream(timestamps: timestamps, nodeIDs: nodeIDs, capacity: chunkSize)
        }
        try root.setAttribute(TraceAttribute.completed.rawValue, bool: false)
        try file.flush()
        self.root = root
    }

    /// Reopens a trace to continue a run from a checkpoint: each recorded
    /// population's datasets are cut back to `spikeCounts` (the spikes written
    /// up to the checkpoint) and `completed` is reset to false. With `runID`,
    /// only a trace whose `run_id` attribute is that one is reopened. Every
    /// count, and every state report's `reportRows`, is checked against the
    /// file before anything in it changes, so a trace that does not hold what
    /// the checkpoint counts is refused as it is.
    public init(resuming path: String, populations: [(name: String, size: Int)], recorded: [Bool],
                spikeCounts: [UInt64], reportRows: [String: Int] = [:], runID: String? = nil,
                chunkSize: Int = TraceWriter.defaultChunkSize) throws {
        precondition(populations.count == recorded.count && spikeCounts.count == recorded.count)
        self.path = path
        self.chunkSize = chunkSize
        populationSizes = populations.map(\.size)
        self.spikeCounts = spikeCounts
        let file = try HDF5File.open(path: path, writable: true)
        let root = try file.rootGroup()
        if let runID {
            let found = try? root.attribute(TraceAttribute.runID.rawValue)
            guard found == .strings([runID]) else {
                throw InputError(input: path, "was not written by the run of this checkpoint (its run_id differs); give --out NEW.h5 to write a new trace")
            }
        }
        func check(_ dataset: HDF5Dataset, holds rows: UInt64, of what: String) throws {
            let held = try dataset.shape().first ?? 0
            guard rows <= UInt64(held) else {
                throw InputError(input: path, "holds \(held) \(what), fewer than the \(rows) its checkpoint counts (not that run's trace, or cut short)")
            }
        }
        let spikes = try root.openGroup("spikes")
        let datasets = try zip(zip(populations, recorded), spikeCounts).map { entry, count in
            let (population, isRecorded) = entry
            guard isRecorded else { return nil as (HDF5Dataset, HDF5Dataset, UInt64)? }
            let group = try spikes.openGroup(population.name)
            let timestamps = try group.openDataset("timestamps"), nodeIDs = try group.openDataset("node_ids")
            try check(timestamps, holds: count, of: "spike times of \(population.name)")
            try check(nodeIDs, holds: count, of: "spike node ids of \(population.name)")
            return (timestamps, nodeIDs, count)
        }
        for (population, rows) in reportRows.sorted(by: { $0.key < $1.key }) {
            let group = try root.openGroup("report").openGroup(population)
            try check(group.openDataset("data"), holds: UInt64(max(rows, 0)), of: "samples of the \(population) report")
            guard try group.openDataset("mapping/time").read(Double.self, atMost: 3).count == 3 else {
                throw InputError(input: path, "report of \(population) is not a SONATA report")
            }
        }
        streams = try datasets.map { entry in
            guard let (timestamps, nodeIDs, count) = entry else { return nil }
            try timestamps.truncate(rows: Int(count))
            try nodeIDs.truncate(rows: Int(count))
            return PopulationStream(timestamps: timestamps, nodeIDs: nodeIDs, capacity: chunkSize)
        }
        try root.setAttribute(TraceAttribute.completed.rawValue, bool: false)
        try file.flush()
        self.root = root
    }

    /// Buffers one spike; writes the population's buffer when it holds a chunk.
    /// Spikes of populations not recorded, after a failure, or after `finish`
    /// are dropped.
    public func record(time: Double, population: Int, node: UInt64) {
        guard failure == nil, root != nil, let stream = streams[population] else { return }
        assert(node < UInt64(populationSizes[population]), "node \(node) outside population \(population)")
        assert(stream.count == 0 || stream.times[stream.count - 1] <= time, "spikes must arrive in time order")
        stream.times[stream.count] = time
        stream.nodes[stream.count] = node
        stream.count += 1
        spikeCounts[population] += 1
        if stream.count == chunkSize {
            try? write(stream)  // a failure is kept in `failure` for flush/finish
        }
    }

    /// Adds a SONATA report of one state variable of some nodes, sampled every
    /// `step` from `start` (in `timeUnits`). Rows are added with `StateReport.append`.
    public func addStateReport(
        population: String, variable: String, units: String, nodes: [UInt64], start: Double, step: Double,
        timeUnits: String = "ms"
    ) throws -> StateReport {
        let root = try openRoot()
        let reports = try reportGroup ?? root.createGroup("report")
        reportGroup = reports
        let report = try StateReport.create(
            in: reports, name: population, variable: variable, units: units, nodes: nodes, start: start, step: step,
            timeUnits: timeUnits, chunkRows: max(1, chunkSize / max(nodes.count, 1)))
        stateReports.append(report)
        return report
    }

    /// Reopens the state report of `population` written up to a checkpoint,
    /// cut back to its first `rows` samples.
    public func resumeStateReport(population: String, rows: Int) throws -> StateReport {
        let root = try openRoot()
        let group = try root.openGroup("report").openGroup(population)
        let data = try group.openDataset("data")
        try data.truncate(rows: rows)
        let time = try group.openDataset("mapping/time")
        let axis = try time.read(Double.self, atMost: 3)
        guard axis.count == 3, let columns = try data.shape().last else {
            throw InputError(input: path, "report of \(population) is not a SONATA report")
        }
        let report = StateReport(data: data, time: time, columns: columns, start: axis[0], step: axis[2],
                                 chunkRows: max(1, chunkSize / max(columns, 1)), writtenRows: rows)
        stateReports.append(report)
        return report
    }

    /// Writes the weights of a plastic projection as they stand, under
    /// `/projections/<name>/` (`source_node_ids`, `target_node_ids` uint64,
    /// `weights` float64 with `units`), replacing an earlier snapshot.
    /// Marks a population whose spikes are written for some nodes only:
    /// `/spikes/<population>/recorded_node_ids` lists them and the attribute
    /// `recorded_node_count` counts them, so rates divide by the nodes
    /// recorded, not by `node_count`.
    public func setRecordedNodes(population name: String, nodes: [UInt64]) throws {
        let group = try openRoot().openGroup("spikes").openGroup(name)
        try group.createDataset("recorded_node_ids", values: nodes)
        try group.setAttribute("recorded_node_count", value: UInt64(nodes.count))
    }

    public func writeWeights(projection name: String, sources: [UInt64], targets: [UInt64], weights: [Double],
                             units: String) throws {
        let root = try openRoot()
        let projections = try root.memberNames().contains("projections") ? root.openGroup("projections")
                                                                          : root.createGroup("projections")
        if try projections.memberNames().contains(name) {
            let group = try projections.openGroup(name)
            try group.openDataset("weights").overwrite(weights)
            return
        }
        let group = try projections.createGroup(name)
        try group.createDataset("source_node_ids", values: sources)
        try group.createDataset("target_node_ids", values: targets)
        try group.createDataset("weights", values: weights).setAttribute("units", string: units)
    }

    /// Writes all buffered spikes and samples and flushes the file to disk;
    /// with `reachedTime`, also records that the file now holds the run up
    /// to that simulated time (so a killed run's trace says how far it got).
    public func flush(reachedTime: Double? = nil) throws {
        let root = try openRoot()
        if let reachedTime { try remembering { try root.setAttribute(TraceAttribute.reachedTime.rawValue, value: reachedTime) } }
        for case let stream? in streams {
            try write(stream)
        }
        for report in stateReports { try remembering { try report.write() } }
        try remembering { try root.file.flush() }
    }

    /// Flushes, records whether the run completed in the root attribute
    /// `completed` (and why it stopped early, as `stop_reason`), and closes
    /// the file. The file is closed even on failure, and `completed` stays
    /// false then. Later calls throw.
    public func finish(completed: Bool, reason: String? = nil, reachedTime: Double? = nil) throws {
        let root = try openRoot()
        defer {
            self.root = nil
            streams = streams.map { _ in nil }
            stateReports = []
            reportGroup = nil
        }
        try flush()
        try remembering {
            // A completed run has no stop reason, even when an earlier,
            // interrupted part of it (before a resume) left one.
            if let reason { try root.setAttribute(TraceAttribute.stopReason.rawValue, string: reason) } else if completed {
                try root.removeAttribute(TraceAttribute.stopReason.rawValue)
            }
            if let reachedTime { try root.setAttribute(TraceAttribute.reachedTime.rawValue, value: reachedTime) }
            try root.setAttribute(TraceAttribute.completed.rawValue, bool: completed)
            try root.file.flush()
        }
    }

    // MARK: Root attributes (provenance)

    public func setAttribute(_ name: String, string: String) throws {
        try openRoot().setAttribute(name, string: string)
    }

    public func setAttribute(_ name: String, double: Double) throws {
        try openRoot().setAttribute(name, value: double)
    }

    public func setAttribute(_ name: String, uint64: UInt64) throws {
        try openRoot().setAttribute(name, value: uint64)
    }

    /// Stored the way h5py stores numpy bools, so h5py reads `numpy.bool_`.
    public func setAttribute(_ name: String, bool: Bool) throws {
        try openRoot().setAttribute(name, bool: bool)
    }

    // MARK: Private

    /// The root group while the report is open and intact; otherwise throws
    /// the remembered failure or a "finished" error.
    private func openRoot() throws -> HDF5Group {
        if let failure { throw failure }
        guard let root else { throw InputError(input: path, "spike report already finished") }
        return root
    }

    /// Appends a population's buffered spikes to its datasets and empties the
    /// buffers (keeping their capacity).
    private func write(_ stream: PopulationStream) throws {
        guard stream.count > 0 else { return }
        try remembering {
            try stream.timestamps.append(UnsafeBufferPointer(rebasing: stream.times[..<stream.count]))
            try stream.nodeIDs.append(UnsafeBufferPointer(rebasing: stream.nodes[..<stream.count]))
        }
        stream.count = 0
    }

    /// Runs a write; its failure becomes the report's failure, so later spikes
    /// are dropped instead of leaving datasets of unequal length.
    private func remembering(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as InputError {
            failure = failure ?? error
            throw error
        }
    }
}
