import Foundation
import SpikeNeurons
import Diagnostics
import Formats

/// Everything needed to continue a run exactly where it stopped: the network
/// description and seed (connections are rebuilt from them), the kernel's
/// clock and event count, every dynamic state (neurons, spikes in flight,
/// random streams), the run's settings and the trace's write position.
///
/// Stored as JSON through `CheckpointJSON` (doubles round-trip exactly), written
/// to a temporary file that is synced and then renamed over the previous
/// checkpoint, so a kill at any moment leaves the previous checkpoint intact.
public struct Checkpoint: Sendable, Codable {
    /// 2: LIF state on the rebasing grid with parked cells; spike-recording node subsets.
    public static let formatVersion = 2

    public var formatVersion = Checkpoint.formatVersion
    public var spinsimVersion: String
    /// Text of the network file the run was started from (provenance).
    public var networkFileText: String
    public var network: NetworkDescription
    public var seed: UInt64
    /// Where the run was going (ms).
    public var endTime: Double
    /// Simulated time of the checkpoint (ms): every event before it is done.
    public var time: Double
    public var eventsProcessed: UInt64
    public var state: Network.State
    public var statistics: SpikeStatistics.State
    /// Per population: whether spikes are recorded.
    public var recorded: [Bool]
    /// Populations whose spikes are recorded for some nodes only: those nodes.
    public var recordedNodes: [String: [Int]]?
    public var settings: RunSettings
    /// Where the trace stood, if the run writes one.
    public var trace: TracePosition?

    public init(
        spinsimVersion: String, networkFileText: String, network: NetworkDescription, seed: UInt64, endTime: Double,
        time: Double, eventsProcessed: UInt64, state: Network.State, statistics: SpikeStatistics.State,
        recorded: [Bool], recordedNodes: [String: [Int]]? = nil, settings: RunSettings, trace: TracePosition?
    ) {
        self.spinsimVersion = spinsimVersion
        self.networkFileText = networkFileText
        self.network = network
        self.seed = seed
        self.endTime = endTime
        self.time = time
        self.eventsProcessed = eventsProcessed
        self.state = state
        self.statistics = statistics
        self.recorded = recorded
        self.recordedNodes = recordedNodes
        self.settings = settings
        self.trace = trace
    }

    /// The trace file and how much of it belongs to the run up to the checkpoint.
    public struct TracePosition: Sendable, Codable, Equatable {
        /// Absolute, so a resume from another directory finds the same file.
        public var path: String
        /// The trace's `run_id` attribute (absent in checkpoints of older versions).
        public var runID: String?
        /// Spikes written per population.
        public var spikeCounts: [UInt64]
        /// Samples written per state report, by population name.
        public var reportRows: [String: Int]

        /// Checks the position fits the run's populations: one count per
        /// population, rows of reports only for populations, none negative.
        /// `reports`: the report names the run can have (populations, and its weight reports).
        func validate(populations: [String], reports: [String]) throws(InputError) {
            guard spikeCounts.count == populations.count else {
                throw InputError(field: "trace.spikeCounts", message: "needs one count per population (\(populations.count))")
            }
            // Sorted, so an edit that breaks two entries is named the same way every time.
            for (name, rows) in reportRows.sorted(by: { $0.key < $1.key }) where rows < 0 || !reports.contains(name) {
                throw InputError(field: "trace.reportRows.\(name)", message: "must be a count >= 0 of one of the run's reports")
            }
        }

        public init(path: String, runID: String?, spikeCounts: [UInt64], reportRows: [String: Int]) {
            self.path = path
            self.runID = runID
            self.spikeCounts = spikeCounts
            self.reportRows = reportRows
        }
    }

    /// Writes the checkpoint atomically (see `AtomicOutput`).
    public func save(to path: String) throws(InputError) {
        try JSONFile.save(self, to: path)
    }

    /// Reads a checkpoint; any problem is one line naming the file.
    public static func load(path: String) throws(InputError) -> Checkpoint {
        // The version first: a checkpoint of another format would fail to decode with a less useful message.
        struct Header: Decodable { var formatVersion: Int }
        let header = try JSONFile.load(Header.self, from: path, kind: "a SpinSim checkpoint")
        guard header.formatVersion == formatVersion else {
            throw InputError(input: path, message: "checkpoint format \(header.formatVersion) is not supported (expected \(formatVersion)); it was written by another SpinSim version")
        }
        let checkpoint = try JSONFile.load(Checkpoint.self, from: path, kind: "a SpinSim checkpoint")
        guard checkpoint.time.isFinite, checkpoint.endTime.isFinite, checkpoint.time >= 0,
              checkpoint.recorded.count == checkpoint.network.populations.count else {
            throw InputError(input: path, message: "damaged checkpoint (inconsistent times or populations)")
        }
        for (name, nodes) in (checkpoint.recordedNodes ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard let population = checkpoint.network.populations.first(where: { $0.name == name }),
                  nodes.allSatisfy({ (0..<population.size).contains($0) }) else {
                throw InputError(input: path, message: "damaged checkpoint (the recorded nodes of \(name))")
            }
        }
        do {
            try checkpoint.network.validate()
            try checkpoint.settings.validate()
            if let trace = checkpoint.trace {
                let populations = checkpoint.network.populations.map(\.name)
                try trace.validate(populations: populations, reports: populations + ReportPlan.weightReportNames(checkpoint.network))
            }
        } catch {
            throw InputError(input: path, message: "damaged checkpoint: \(error)")
        }
        return checkpoint
    }
}

/// Settings of a run that a resumed run keeps.
public struct RunSettings: Sendable, Codable, Equatable {
    public var stateRecordings: [StateRecording]
    /// ms
    public var sampleInterval: Double
    /// Simulated ms between flushes of the trace.
    public var flushInterval: Double
    /// Wall-clock seconds between flushes of the trace.
    public var flushSeconds: Double
    public var checkpointPath: String?
    /// Simulated ms between checkpoints (nil: only at the end).
    public var checkpointInterval: Double?
    /// Simulated ms between samples of plastic weights (nil: only at the end).
    public var weightInterval: Double?

    /// Intervals positive and finite (a checkpoint is edited by hand at times).
    func validate() throws(InputError) {
        for (name, value) in [("sampleInterval", sampleInterval), ("flushInterval", flushInterval), ("flushSeconds", flushSeconds),
                              ("checkpointInterval", checkpointInterval ?? 1), ("weightInterval", weightInterval ?? 1)] where !(value.isFinite && value > 0) {
            throw InputError(field: "settings.\(name)", message: "must be positive and finite (got \(value))")
        }
    }

    public init(stateRecordings: [StateRecording], sampleInterval: Double, flushInterval: Double, flushSeconds: Double,
                checkpointPath: String?, checkpointInterval: Double?, weightInterval: Double? = nil) {
        self.stateRecordings = stateRecordings
        self.sampleInterval = sampleInterval
        self.flushInterval = flushInterval
        self.flushSeconds = flushSeconds
        self.checkpointPath = checkpointPath
        self.checkpointInterval = checkpointInterval
        self.weightInterval = weightInterval
    }
}

