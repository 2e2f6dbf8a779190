import EventCore
import Foundation
import Formats
import SpikeNeurons
import Diagnostics

/// One simulation run of a network, started fresh (`run`) or from a
/// checkpoint (`resume`): wires the trace, sampling, flushing, checkpoints,
/// progress and signals to the kernel as periodic tasks, runs, and reports.
public final class NetworkRun {
    private let label: String
    private let networkFileText: String
    private let seed: UInt64
    private let endTime: Double
    private let recorded: [Bool]
    /// Populations whose spikes are written for some nodes only: those nodes.
    private let recordedNodes: [String: [Int]]
    private let settings: RunSettings
    private let options: RunOptions
    /// Where the state recordings came from, for errors about them.
    private let recordingSource: String
    private var simulation: Simulation<Network>
    private let statistics: SpikeStatistics
    private var trace: TraceWriter?
    /// The trace's `run_id`.
    private var traceRunID: String?
    /// Sampled reports: row 0 of `report` is grid point `firstIndex` (time
    /// firstIndex * interval); a run resumed into a new file starts mid-grid.
    private var sampled: [(plan: ReportPlan, report: StateReport, firstIndex: UInt64)] = []
    private var buildSeconds: Double
    /// What the caller should tell the user before the run (one line each, stderr).
    public private(set) var notes: [String] = []
    /// The first failure inside a periodic task (which cannot throw).
    private var taskFailure: Error?

    /// A fresh run of the network described in a file.
    public init(file: NetworkFile, label: String, duration: Double, seed: UInt64, options: RunOptions) throws {
        let start = Date()
        self.label = label
        networkFileText = file.text
        self.seed = seed
        endTime = duration
        self.options = options
        try OutputPolicy.checkDistinct(outputs: [options.out.map { .init("--out", $0) }, options.checkpoint.map { .init("--checkpoint", $0) }].compactMap { $0 },
                                       inputs: file.path.map { [.init("network file", $0)] } ?? [])
        // A checkpoint is rewritten as the run goes, so a file already there is replaced only with --force.
        if let checkpoint = options.checkpoint { try OutputPolicy.check(checkpoint, replacing: options.force) }
        try Self.checkMemory(file.network, label: label)
        do { try file.network.checkTimeResolution(until: endTime) } catch { throw error.located(in: label) }
        var network: Network
        do { network = try Network(description: file.network, seed: seed) } catch { throw error.located(in: label) }
        recorded = file.network.populations.map { file.recordedPopulations.contains($0.name) }
        recordedNodes = file.recordedNodes
        network.recorded = recorded
        // The command line's requests replace the file's, as a command-line value replaces a file's.
        let recordings = options.records.isEmpty ? file.stateRecordings : options.records
        recordingSource = options.records.isEmpty ? "\(label): record.state" : "--record"
        if options.out == nil {
            // Recording needs a trace; without one the run still runs (its summary is the point) and says what is not kept.
            var asked: [String] = []
            if recorded.contains(true) { asked.append("spikes") }
            if !recordings.isEmpty { asked.append("state (\(recordings.map(\.variable).joined(separator: ", ")))") }
            if !asked.isEmpty { notes.append("\(label) records \(asked.joined(separator: " and ")), but no --out TRACE.h5 was given: nothing is written") }
        }
        settings = RunSettings(
            stateRecordings: recordings, sampleInterval: options.sampleInterval ?? file.sampleInterval ?? 0.1,
            flushInterval: options.flushInterval, flushSeconds: options.flushSeconds,
            checkpointPath: options.checkpoint, checkpointInterval: options.checkpointEvery, weightInterval: file.weightInterval)
        statistics = SpikeStatistics(populationSizes: file.network.populations.map(\.size))
        simulation = Simulation(system: network)
        buildSeconds = 0
        let plans = try reportPlans()  // a bad recording request is an error with or without a trace
        if let out = options.out {
            try checkBudget(plans, from: 0, tracePath: out, source: { plan in
                plan.isWeights ? "\(label): record.weight_interval"
                    : options.sampleInterval == nil ? "\(label): record.sample_interval" : "--sample-interval"
            })
            try createTrace(at: out, plans: plans)
        }
        buildSeconds = Date().timeIntervalSince(start)
    }

    /// A run continued from a checkpoint, to `duration` (default: the original end).
    public init(checkpoint: Checkpoint, path: String, duration: Double?, options: RunOptions) throws {
        let start = Date()
        label = "\(path) (resumed at \(checkpoint.time) ms)"
        networkFileText = checkpoint.networkFileText
        seed = checkpoint.seed
        endTime = duration ?? checkpoint.endTime
        guard endTime >= checkpoint.time else {
            throw InputError("\(path): the checkpoint is at \(checkpoint.time) ms, after the requested end \(endTime) ms")
        }
        guard endTime > checkpoint.time else {
            throw InputError(input: path, "the run is complete at \(checkpoint.time) ms; pass --duration to continue it further")
        }
        self.options = options
        recordingSource = "\(path): recordings"
        try Self.checkMemory(checkpoint.network, label: path)
        do { try checkpoint.network.checkTimeResolution(until: endTime) } catch { throw error.located(in: path) }
        recorded = checkpoint.recorded
        recordedNodes = checkpoint.recordedNodes ?? [:]
        var settings = checkpoint.settings
        if let interval = options.checkpointEvery { settings.checkpointInterval = interval }
        if let target = options.checkpoint {
            if !OutputPolicy.sameFile(target, path) { try OutputPolicy.check(target, replacing: options.force) }
            settings.checkpointPath = target
        } else if options.out != nil, settings.checkpointPath != nil {
            // A new --out branches the run: the checkpoint read stays the original trace's, so the
            // original can still be resumed. The branch checkpoints only where --checkpoint says.
            settings.checkpointPath = nil
            notes.append("\(path) is left as it is (it belongs to the original trace); pass --checkpoint FILE to checkpoint the run into \(options.out!)")
        }
        self.settings = settings
        // The trace written (a new --out, or the one appended to) and the checkpoint written must differ
        // from each other and from the checkpoint read, unless that one is rewritten in place.
        let traceOut = options.out.map { OutputPolicy.Role("--out", $0) } ?? checkpoint.trace.map { .init("trace", $0.path) }
        let checkpointOut = settings.checkpointPath.map { OutputPolicy.Role("--checkpoint", $0) }
        try OutputPolicy.checkDistinct(outputs: [traceOut, checkpointOut].compactMap { $0 },
                                       inputs: settings.checkpointPath.map { OutputPolicy.sameFile($0, path) } == true ? [] : [.init("checkpoint", path)])
        // Network, state and recordings are checked against each other before any file is touched:
        // a mismatch is the checkpoint's fault, named as such.
        let plans: [ReportPlan]
        do {
            var network = try Network(description: checkpoint.network, seed: checkpoint.seed)
            try network.restore(checkpoint.state)
            network.recorded = recorded
            statistics = SpikeStatistics(populationSizes: checkpoint.network.populations.map(\.size))
            try statistics.restore(checkpoint.statistics)
            simulation = Simulation(system: network, startTime: checkpoint.time, eventsProcessed: checkpoint.eventsProcessed)
            buildSeconds = 0
            plans = try reportPlans()
        } catch {
            throw InputError(input: path, message: "damaged checkpoint: \(error)")
        }
        if let tracePath = options.out ?? checkpoint.trace?.path {
            try checkBudget(plans, from: checkpoint.time, tracePath: tracePath, source: { plan in
                "\(path): \(plan.isWeights ? "weightInterval" : "sampleInterval")"
            })
        }
        if let out = options.out {
            try createTrace(at: out, plans: plans)
        } else if let position = checkpoint.trace {
            let populations = checkpoint.network.populations.map { ($0.name, $0.size) }
            let writer = try TraceWriter(resuming: position.path, populations: populations, recorded: recorded,
                                         spikeCounts: position.spikeCounts, reportRows: position.reportRows, runID: position.runID)
            traceRunID = position.runID
            try writer.setAttribute(TraceAttribute.resumedBy.rawValue, string: Provenance.commandLine)
            try writer.setAttribute(TraceAttribute.endTime.rawValue, double: endTime)
            trace = writer
            for plan in plans {
                guard let rows = position.reportRows[plan.name] else {
                    throw InputError("\(path): the checkpoint has no position for the \(plan.name) report")
                }
                let report = try writer.resumeStateReport(population: plan.name, rows: rows)
                sampled.append((plan, report, Self.firstGridIndex(atOrAfter: report.start, step: report.step)))
            }
        }
        buildSeconds = Date().timeIntervalSince(start)
    }

    /// Refuses networks that cannot fit in this machine's memory, before
    /// trying to build them.
    private static func checkMemory(_ network: NetworkDescription, label: String) throws {
        let needed = network.estimatedMemoryBytes
        let available = Double(ProcessInfo.processInfo.physicalMemory)
        guard needed < 0.8 * available else {
            throw InputError(String(
                format: "%@: the network needs about %.1f GB, more than this machine's %.1f GB of memory",
                label, needed / 1e9, available / 1e9))
        }
    }

    /// Refuses reports the clock cannot sample or the disk cannot hold; `source` names each plan's interval.
    private func checkBudget(_ plans: [ReportPlan], from start: Double, tracePath: String,
                             source: (ReportPlan) -> String) throws {
        for plan in plans {
            let others = plans.filter { $0.interval == plan.interval }
            guard others.first?.name == plan.name else { continue }  // one check per interval, over all its reports
            try SamplingBudget(interval: plan.interval, start: start, end: endTime,
                               nodes: others.reduce(0) { $0 + $1.columns.count }).check(tracePath: tracePath, source: source(plan))
        }
    }

    /// Every report the settings ask for: the state recordings, then the
    /// weights of each plastic projection when a weight interval is set.
    private func reportPlans() throws -> [ReportPlan] {
        let states = try probes().map { population, probe in
            ReportPlan(name: population, variable: probe.variableName, units: probe.units,
                       columns: probe.nodes.map { UInt64($0) }, interval: settings.sampleInterval, quantity: .state(probe))
        }
        guard let interval = settings.weightInterval else { return states }
        let network = simulation.system
        let projections = network.description.projections
        let weights = projections.indices.filter { projections[$0].plasticity != nil }.map { index in
            ReportPlan(name: ReportPlan.weightReportName(index, projections[index]), variable: "w", units: "mV",
                       columns: Array(0..<UInt64(network.connectionCount(ofProjection: index))), interval: interval,
                       quantity: .weights(projection: index))
        }
        return states + weights
    }

    /// The state probes the settings ask for, keyed by population name.
    private func probes() throws -> [(String, StateProbe)] {
        let network = simulation.system
        let populations = network.description.populations
        var result: [(String, StateProbe)] = []
        for recording in settings.stateRecordings {
            let name = recording.population ?? populations.indices.first {
                network.stateVariables(population: $0).contains { $0.name == recording.variable }
            }.map { populations[$0].name }
            guard let name else { throw InputError("\(recordingSource): no population has a state variable \(recording.variable)") }
            guard !result.contains(where: { $0.0 == name }) else {
                throw InputError("\(recordingSource): \(name) is recorded twice (one variable per population)")
            }
            do {
                result.append((name, try network.probe(population: name, variable: recording.variable, nodes: recording.nodes)))
            } catch {
                throw InputError("\(recordingSource): \(error.message)")
            }
        }
        return result
    }

    /// The smallest k with k * step >= time, computed as the kernel computes task times.
    private static func firstGridIndex(atOrAfter time: Double, step: Double) -> UInt64 {
        var k = UInt64((time / step).rounded(.down))
        while Double(k) * step < time { k += 1 }
        while k > 0 && Double(k - 1) * step >= time { k -= 1 }
        return k
    }

    private func createTrace(at path: String, plans: [ReportPlan]) throws {
        let populations = simulation.system.description.populations
        let writer = try TraceWriter(path: path, populations: populations.map { ($0.name, $0.size) },
                                     recorded: recorded, overwrite: options.force)
        try writer.setAttribute(TraceAttribute.spinsimVersion.rawValue, string: Provenance.version)
        try writer.setAttribute(TraceAttribute.commandLine.rawValue, string: Provenance.commandLine)
        try writer.setAttribute(TraceAttribute.seed.rawValue, uint64: seed)
        try writer.setAttribute(TraceAttribute.networkFile.rawValue, string: networkFileText)
        let runID = Self.runID(networkFileText: networkFileText, seed: seed, startTime: simulation.time, tracePath: writer.path)
        try writer.setAttribute(TraceAttribute.runID.rawValue, string: runID)
        traceRunID = runID
        try writer.setAttribute(TraceAttribute.timeUnit.rawValue, string: "ms")
        try writer.setAttribute(TraceAttribute.timeResolution.rawValue, string: "exact: event-driven, float64 spike times")
        try writer.setAttribute(TraceAttribute.startTime.rawValue, double: simulation.time)
        try writer.setAttribute(TraceAttribute.endTime.rawValue, double: endTime)
        try writer.setAttribute(TraceAttribute.wallClockStart.rawValue, string: ISO8601DateFormatter().string(from: Date()))
        for (population, nodes) in recordedNodes.sorted(by: { $0.key < $1.key }) {
            try writer.setRecordedNodes(population: population, nodes: nodes.map { UInt64($0) })
        }
        for plan in plans {
            let firstIndex = Self.firstGridIndex(atOrAfter: simulation.time, step: plan.interval)
            let report = try writer.addStateReport(
                population: plan.name, variable: plan.variable, units: plan.units, nodes: plan.columns,
                start: Double(firstIndex) * plan.interval, step: plan.interval)
            sampled.append((plan, report, firstIndex))
        }
        try writer.flush()
        trace = writer
    }

    /// Runs to the end time (or a signal), then closes the trace and writes
    /// the final checkpoint. Throws `ExitCode(128 + signal)` when interrupted.
    public func execute() throws -> RunSummary {
        let statistics = statistics
        let keptNodes = simulation.system.description.populations.map { recordedNodes[$0.name] }
        simulation.system.spikeSinks = [statistics] + (trace.map { [TraceSink($0, nodes: keptNodes)] } ?? [])
        Interruption.install()
        scheduleTasks()
        let reporter = ProgressReporter(total: endTime, alreadyDone: simulation.time, unit: "ms",
                                        enabled: options.showsProgress)
        let firstEvents = simulation.eventsProcessed
        let wallStart = Date()
        if options.showsProgress {
            simulation.every(max((endTime - simulation.time) / 1000, 1e-3)) { _, status in
                reporter.report(done: status.time) {
                    let seconds = max(Date().timeIntervalSince(wallStart), 1e-9)
                    return String(format: "%.2f M kernel events/s", Double(status.eventsProcessed - firstEvents) / seconds / 1e6)
                }
                return .proceed
            }
        }
        let start = Date()
        let startEvents = simulation.system.synapticEvents
        let reason = simulation.run(until: endTime)
        let seconds = Date().timeIntervalSince(start)
        reporter.finish()

        if let failure = taskFailure {
            try? trace?.finish(completed: false, reason: "error: \(failure)", reachedTime: simulation.time)
            throw failure
        }
        try writeWeights()
        if reason == .stoppedByTask, let signal = Interruption.received {
            if settings.checkpointPath != nil { try saveCheckpoint() }
            try trace?.finish(completed: false, reason: "interrupted by \(Interruption.name(signal))", reachedTime: simulation.time)
            FileHandle.standardError.write(Data(
                "spinsim: interrupted by \(Interruption.name(signal)) at \(simulation.time) ms; trace closed\(settings.checkpointPath.map { ", checkpoint in \($0)" } ?? "")\n".utf8))
            throw Interrupted(signal: signal)
        }
        if settings.checkpointPath != nil { try saveCheckpoint() }
        if let trace {
            try trace.setAttribute(TraceAttribute.wallClockEnd.rawValue, string: ISO8601DateFormatter().string(from: Date()))
            try trace.finish(completed: true, reachedTime: simulation.time)
        }
        let populations = simulation.system.description.populations
        let neuronPopulations = populations.indices.filter { populations[$0].model.schema.receivesInput }
        let recordedNeurons = neuronPopulations.filter { recorded[$0] }
        return RunSummary(
            title: label, seed: seed, duration: endTime,
            neurons: neuronPopulations.reduce(0) { $0 + populations[$1].size },
            synapses: simulation.system.synapseCount,
            spikes: neuronPopulations.reduce(0) { $0 + simulation.system.spikeCounts[$1] },
            inputSpikes: simulation.system.totalSpikes - neuronPopulations.reduce(0) { $0 + simulation.system.spikeCounts[$1] },
            meanRate: statistics.meanRate(populations: recordedNeurons, duration: endTime),
            coefficientOfVariation: statistics.meanISICoefficientOfVariation(populations: recordedNeurons),
            synapticEvents: simulation.system.synapticEvents - startEvents,
            buildSeconds: buildSeconds, simulationSeconds: seconds, trace: options.out ?? trace?.path)
    }

    private func scheduleTasks() {
        for entry in sampled {
            let (quantity, report) = (entry.plan.quantity, entry.report)
            let firstRun = entry.firstIndex + UInt64(report.rowCount)
            simulation.every(entry.plan.interval, startingAt: 0, firstRun: firstRun) { [unowned self] system, status in
                do {
                    switch quantity {
                    case let .state(probe): try report.append(system.sample(probe, at: status.time))
                    case let .weights(projection): try report.append(system.weights(ofProjection: projection).map { Float($0) })
                    }
                } catch { return fail(error) }
                return .proceed
            }
        }
        if let trace {
            simulation.every(settings.flushInterval, startingAt: simulation.time + settings.flushInterval) { [unowned self] _, status in
                do { try trace.flush(reachedTime: status.time) } catch { return fail(error) }
                return .proceed
            }
        }
        if settings.checkpointPath != nil, let interval = settings.checkpointInterval {
            simulation.every(interval, startingAt: simulation.time + interval) { [unowned self] system, status in
                do { try saveCheckpoint(system: system, time: status.time, eventsProcessed: status.eventsProcessed) } catch {
                    return fail(error)
                }
                return .proceed
            }
        }
        // Signals and wall-clock flushes are checked every simulated millisecond ...
        var lastFlush = Date()
        let flushSeconds = settings.flushSeconds
        simulation.every(1, startingAt: simulation.time + 1) { [unowned self] _, status in
            if Interruption.received != nil { return .stop }
            if let trace, Date().timeIntervalSince(lastFlush) >= flushSeconds {
                lastFlush = Date()
                do { try trace.flush(reachedTime: status.time) } catch { return fail(error) }
            }
            return .proceed
        }
        // ... and every 2^16 events, so a run whose simulated time stops advancing
        // (a zero-delay loop) still stops on a signal, within milliseconds.
        simulation.everyEvents(1 << 16) { _, _ in Interruption.received != nil ? .stop : .proceed }
    }

    /// Snapshots the weights of plastic projections into the trace, named
    /// `<index>_<source>_to_<target>`.
    private func writeWeights() throws {
        guard let trace else { return }
        let network = simulation.system
        for (index, weights) in network.plasticWeights.enumerated() {
            guard let weights else { continue }
            let projection = network.description.projections[index]
            let pairs = network.connections(ofProjection: index)
            try trace.writeWeights(
                projection: ReportPlan.projectionName(index, projection), sources: pairs.sources,
                targets: pairs.targets, weights: weights, units: "mV")
        }
    }

    /// Which run writes a trace: FNV-1a (64 bit, hex) over the network text,
    /// the seed, the start time's bits and the trace's absolute path. The
    /// same run writes the same id (files stay bit-identical); another
    /// network, seed, start or file gets another.
    static func runID(networkFileText: String, seed: UInt64, startTime: Double, tracePath: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let text = "\(networkFileText)\u{0}\(seed)\u{0}\(startTime.bitPattern)\u{0}\(absolute(tracePath))"
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }

    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    private func fail(_ error: Error) -> Simulation<Network>.TaskVerdict {
        taskFailure = taskFailure ?? error
        return .stop
    }

    private func saveCheckpoint() throws {
        try saveCheckpoint(system: simulation.system, time: simulation.time, eventsProcessed: simulation.eventsProcessed)
    }

    /// Flushes the trace (so the file holds exactly what the checkpoint
    /// counts), then writes the checkpoint atomically.
    private func saveCheckpoint(system: Network, time: Double, eventsProcessed: UInt64) throws {
        guard let path = settings.checkpointPath else { return }
        try trace?.flush(reachedTime: time)
        var stored = settings
        stored.checkpointPath = Self.absolute(path)
        let position = trace.map { trace in
            Checkpoint.TracePosition(
                path: Self.absolute(trace.path), runID: traceRunID, spikeCounts: trace.spikeCounts,
                reportRows: Dictionary(uniqueKeysWithValues: sampled.map { ($0.plan.name, $0.report.rowCount) }))
        }
        let checkpoint = Checkpoint(
            spinsimVersion: Provenance.version, networkFileText: networkFileText, network: system.description, seed: seed,
            endTime: endTime, time: time, eventsProcessed: eventsProcessed, state: system.state,
            statistics: statistics.state, recorded: recorded, recordedNodes: recordedNodes.isEmpty ? nil : recordedNodes,
            settings: stored, trace: position)
        try checkpoint.save(to: path)
    }
}
