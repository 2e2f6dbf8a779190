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
    private let description: NetworkDescription
    /// Simulated time at which this process starts (ms): 0, or the checkpoint's.
    private let startTime: Double
    /// The whole network, in one thread; nil when it runs as `parts`.
    private var simulation: Simulation<Network>!
    /// The network as parts on threads (`options.threads` > 1).
    private let parts: NetworkParts?
    private let statistics: SpikeStatistics
    private var trace: TraceWriter?
    /// Feeds `trace` the recorded spikes, in (time, gid) order.
    private var traceSink: TraceSink?
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
        description = file.network
        startTime = 0
        recorded = file.network.populations.map { file.recordedPopulations.contains($0.name) }
        recordedNodes = file.recordedNodes
        if options.threads > 1 {
            try Self.checkPartitioning(file.network, until: endTime, options: options, label: label)
            let processors = ProcessInfo.processInfo.activeProcessorCount
            if options.threads > processors {
                notes.append("--threads \(options.threads) on \(processors) processors: the parts wait for each other at every exchange, and the run is slower than with \(processors)")
            }
            do { parts = try NetworkParts(description: file.network, seed: seed, count: options.threads) } catch {
                throw error.located(in: label)
            }
        } else {
            var network: Network
            do { network = try Network(description: file.network, seed: seed) } catch { throw error.located(in: label) }
            network.recorded = recorded
            simulation = Simulation(system: network)
            parts = nil
        }
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
        guard options.threads == 1 else { throw InputError("\(path): a checkpointed run resumes in one thread") }
        self.options = options
        recordingSource = "\(path): recordings"
        description = checkpoint.network
        startTime = checkpoint.time
        parts = nil
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

    /// Refuses what a run in parts cannot do (yet) or do well, before building.
    private static func checkPartitioning(_ network: NetworkDescription, until endTime: Double, options: RunOptions,
                                          label: String) throws {
        let threads = options.threads
        guard threads <= NetworkRun.maximumThreads else {
            throw InputError("--threads \(threads): at most \(NetworkRun.maximumThreads) threads (one per part)")
        }
        guard options.checkpoint == nil else {
            throw InputError("--checkpoint: a checkpointed run runs in one thread; drop --threads \(threads) or --checkpoint")
        }
        let window = network.projections.map(\.delay).min() ?? .infinity
        guard window > 0 else {
            throw InputError("\(label): --threads \(threads) needs every delay > 0 (the parts exchange spikes once per smallest delay), and a projection has delay 0")
        }
        guard endTime / window < 1e10 else {
            throw InputError("\(label): --threads \(threads): the smallest delay, \(window) ms, would make more than 10^10 exchanges in \(endTime) ms")
        }
    }

    /// Parts beyond this would be threads mostly waiting at the exchange.
    public static let maximumThreads = 256

    /// Connections of projection `index` in the whole network.
    private func connectionCount(ofProjection index: Int) -> Int {
        parts.map { $0.parts.reduce(0) { $0 + $1.simulation.system.connectionCount(ofProjection: index) } }
            ?? simulation.system.connectionCount(ofProjection: index)
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
        let projections = description.projections
        let weights = projections.indices.filter { projections[$0].plasticity != nil }.map { index in
            ReportPlan(name: ReportPlan.weightReportName(index, projections[index]), variable: "w", units: "mV",
                       columns: Array(0..<UInt64(connectionCount(ofProjection: index))), interval: interval,
                       quantity: .weights(projection: index))
        }
        return states + weights
    }

    /// The state probes the settings ask for, keyed by population name.
    private func probes() throws -> [(String, StateProbe)] {
        let populations = description.populations
        var result: [(String, StateProbe)] = []
        for recording in settings.stateRecordings {
            let name = recording.population ?? populations.indices.first {
                populations[$0].model.schema.variables.contains { $0.name == recording.variable }
            }.map { populations[$0].name }
            guard let name else { throw InputError("\(recordingSource): no population has a state variable \(recording.variable)") }
            guard !result.contains(where: { $0.0 == name }) else {
                throw InputError("\(recordingSource): \(name) is recorded twice (one variable per population)")
            }
            do {
                result.append((name, try description.probe(population: name, variable: recording.variable, nodes: recording.nodes)))
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
        let populations = description.populations
        let writer = try TraceWriter(path: path, populations: populations.map { ($0.name, $0.size) },
                                     recorded: recorded, overwrite: options.force)
        try writer.setAttribute(TraceAttribute.spinsimVersion.rawValue, string: Provenance.version)
        try writer.setAttribute(TraceAttribute.commandLine.rawValue, string: Provenance.commandLine)
        try writer.setAttribute(TraceAttribute.seed.rawValue, uint64: seed)
        try writer.setAttribute(TraceAttribute.networkFile.rawValue, string: networkFileText)
        let runID = Self.runID(networkFileText: networkFileText, seed: seed, startTime: startTime, tracePath: writer.path)
        try writer.setAttribute(TraceAttribute.runID.rawValue, string: runID)
        traceRunID = runID
        try writer.setAttribute(TraceAttribute.timeUnit.rawValue, string: "ms")
        try writer.setAttribute(TraceAttribute.timeResolution.rawValue, string: "exact: event-driven, float64 spike times")
        try writer.setAttribute(TraceAttribute.startTime.rawValue, double: startTime)
        try writer.setAttribute(TraceAttribute.endTime.rawValue, double: endTime)
        try writer.setAttribute(TraceAttribute.wallClockStart.rawValue, string: ISO8601DateFormatter().string(from: Date()))
        for (population, nodes) in recordedNodes.sorted(by: { $0.key < $1.key }) {
            try writer.setRecordedNodes(population: population, nodes: nodes.map { UInt64($0) })
        }
        for plan in plans {
            let firstIndex = Self.firstGridIndex(atOrAfter: startTime, step: plan.interval)
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
        Interruption.install()
        let reporter = ProgressReporter(total: endTime, alreadyDone: startTime, unit: "ms", enabled: options.showsProgress)
        let keptNodes = description.populations.map { recordedNodes[$0.name] }
        traceSink = trace.map { TraceSink($0, nodes: keptNodes) }
        let start = Date()
        let startEvents = simulation?.system.synapticEvents ?? 0
        let (reached, stoppedEarly) = if let parts { runParts(parts, reporter: reporter) } else { runWhole(reporter: reporter) }
        let seconds = Date().timeIntervalSince(start)
        reporter.finish()
        traceSink?.drain()

        if let failure = taskFailure {
            try? trace?.finish(completed: false, reason: "error: \(failure)", reachedTime: reached)
            throw failure
        }
        try writeWeights()
        if stoppedEarly, let signal = Interruption.received {
            if settings.checkpointPath != nil { try saveCheckpoint() }
            try trace?.finish(completed: false, reason: "interrupted by \(Interruption.name(signal))", reachedTime: reached)
            FileHandle.standardError.write(Data(
                "spinsim: interrupted by \(Interruption.name(signal)) at \(reached) ms; trace closed\(settings.checkpointPath.map { ", checkpoint in \($0)" } ?? "")\n".utf8))
            throw Interrupted(signal: signal)
        }
        if settings.checkpointPath != nil { try saveCheckpoint() }
        if let trace {
            try trace.setAttribute(TraceAttribute.wallClockEnd.rawValue, string: ISO8601DateFormatter().string(from: Date()))
            try trace.finish(completed: true, reachedTime: reached)
        }
        let populations = description.populations
        let neuronPopulations = populations.indices.filter { populations[$0].model.schema.receivesInput }
        let recordedNeurons = neuronPopulations.filter { recorded[$0] }
        let spikeCounts = parts?.spikeCounts ?? simulation.system.spikeCounts
        let neuronSpikes = neuronPopulations.reduce(0) { $0 + spikeCounts[$1] }
        return RunSummary(
            title: label, seed: seed, duration: endTime,
            neurons: neuronPopulations.reduce(0) { $0 + populations[$1].size },
            synapses: parts?.synapseCount ?? simulation.system.synapseCount,
            spikes: neuronSpikes, inputSpikes: spikeCounts.reduce(0, &+) - neuronSpikes,
            meanRate: statistics.meanRate(populations: recordedNeurons, duration: endTime),
            coefficientOfVariation: statistics.meanISICoefficientOfVariation(populations: recordedNeurons),
            synapticEvents: (parts?.synapticEvents ?? simulation.system.synapticEvents) - startEvents,
            buildSeconds: buildSeconds, simulationSeconds: seconds, trace: options.out ?? trace?.path)
    }

    /// The whole network in this thread, its recording and durability as
    /// periodic tasks. Returns the time reached and whether a task stopped it.
    private func runWhole(reporter: ProgressReporter) -> (reached: Double, stoppedEarly: Bool) {
        simulation.system.spikeSinks = [statistics] + (traceSink.map { [$0] } ?? [])
        scheduleTasks()
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
        let reason = simulation.run(until: endTime)
        return (simulation.time, reason == .stoppedByTask)
    }

    /// The network as parts on threads. Each part samples its own columns in
    /// periodic tasks; at the end of every window, with all parts paused, the
    /// observer writes the window's spikes and the rows gathered from the
    /// parts, flushes, shows progress and decides whether to go on.
    private func runParts(_ parts: NetworkParts, reporter: ProgressReporter) -> (reached: Double, stoppedEarly: Bool) {
        // Per report: where each column comes from, and what each part samples.
        var gathers: [[NetworkParts.Column]] = []
        for (report, entry) in sampled.enumerated() {
            let samplers: [(inout Network, Double) -> [Float]]
            switch entry.plan.quantity {
            case let .state(probe):
                let (probes, columns) = parts.split(probe)
                gathers.append(columns)
                samplers = probes.map { probe in { network, time in network.sample(probe, at: time) } }
            case let .weights(projection):
                gathers.append(parts.connectionOrder(ofProjection: projection))
                samplers = parts.parts.map { _ in { network, _ in network.weights(ofProjection: projection).map { Float($0) } } }
            }
            for (part, sampler) in zip(parts.parts, samplers) {
                part.rows.append([])
                part.simulation.every(entry.plan.interval, startingAt: 0, firstRun: entry.firstIndex + UInt64(entry.report.rowCount)) { system, status in
                    part.rows[report].append(sampler(&system, status.time))
                    return .proceed
                }
            }
        }
        let populationOf = PopulationOfGID(description.firstGlobalIDs)
        var nextFlush = startTime + settings.flushInterval
        var lastFlush = Date()
        var spikesSeen: UInt64 = 0
        let wallStart = Date()
        let reached = parts.run(until: endTime, longestWindow: 1) { [unowned self] spikes, windowEnd in
            for spike in spikes {
                let (population, node) = populationOf[spike.gid]
                guard recorded[population] else { continue }
                statistics.record(time: spike.time, population: population, node: node)
                traceSink?.record(time: spike.time, population: population, node: node)
            }
            spikesSeen &+= UInt64(spikes.count)
            do {
                for (report, entry) in sampled.enumerated() where !parts.parts[0].rows[report].isEmpty {
                    var row = [Float](repeating: 0, count: gathers[report].count)  // only in windows that sampled
                    for index in parts.parts[0].rows[report].indices {
                        parts.gather(report: report, row: index, columns: gathers[report], into: &row)
                        try entry.report.append(row)
                    }
                    for part in parts.parts { part.rows[report].removeAll(keepingCapacity: true) }
                }
                if trace != nil, windowEnd >= nextFlush || Date().timeIntervalSince(lastFlush) >= settings.flushSeconds {
                    while nextFlush <= windowEnd { nextFlush += settings.flushInterval }
                    lastFlush = Date()
                    try flushTrace(reachedTime: windowEnd)
                }
            } catch {
                taskFailure = taskFailure ?? error
                return false
            }
            reporter.report(done: windowEnd) {
                let seconds = max(Date().timeIntervalSince(wallStart), 1e-9)
                return String(format: "%.2f M spikes/s, %d threads", Double(spikesSeen) / seconds / 1e6, parts.count)
            }
            return Interruption.received == nil
        }
        return (reached, reached < endTime)
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
        if trace != nil {
            simulation.every(settings.flushInterval, startingAt: simulation.time + settings.flushInterval) { [unowned self] _, status in
                do { try flushTrace(reachedTime: status.time) } catch { return fail(error) }
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
            if trace != nil, Date().timeIntervalSince(lastFlush) >= flushSeconds {
                lastFlush = Date()
                do { try flushTrace(reachedTime: status.time) } catch { return fail(error) }
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
        for (index, projection) in description.projections.enumerated() where projection.plasticity != nil {
            let (sources, targets, weights) = if let parts {
                parts.weights(ofProjection: index, order: parts.connectionOrder(ofProjection: index))
            } else {
                (simulation.system.connections(ofProjection: index).sources, simulation.system.connections(ofProjection: index).targets,
                 simulation.system.weights(ofProjection: index))
            }
            try trace.writeWeights(projection: ReportPlan.projectionName(index, projection), sources: sources,
                                   targets: targets, weights: weights, units: "mV")
        }
    }

    /// Writes the spikes held for the current instant, then flushes the trace.
    private func flushTrace(reachedTime: Double) throws {
        traceSink?.drain()
        try trace?.flush(reachedTime: reachedTime)
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
        try flushTrace(reachedTime: time)
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
