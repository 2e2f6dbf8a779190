import ArgumentParser
import EventCore
import Foundation
import IO
import SpikeNeurons

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate the network described in a file and print a summary.",
        discussion: """
            The file (TOML or JSON) declares populations, projections, duration, seed \
            and what to record; see examples/bench4.toml. With --out, all recorded \
            spikes are written as a SONATA spike report (HDF5).
            """
    )

    @Argument(help: "Network description file (.toml or .json).")
    var file: String

    @Option(help: "Simulated duration in ms (overrides the file's duration).")
    var duration: Double?

    @Option(help: "Random seed for connectivity, initial states and inputs (overrides the file's seed).")
    var seed: UInt64?

    @Option(help: "Write recorded spikes to this HDF5 file (SONATA spike report).")
    var out: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Flag(inversion: .prefixedNo, help: "Show progress on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    func validate() throws {
        if let duration, !(duration.isFinite && duration >= 0) {
            throw ValidationError("--duration must be a finite, non-negative number of ms (got \(duration))")
        }
    }

    func run() throws {
        let wallStart = Date()
        let spec = try NetworkFile.load(path: file)
        let runDuration = duration ?? spec.duration
        let runSeed = seed ?? spec.seed
        let populations = spec.network.populations

        var network = try Network(description: spec.network, seed: runSeed)
        network.recorded = populations.map { spec.recordedPopulations.contains($0.name) }
        let statistics = SpikeStatistics(populationSizes: populations.map(\.size))
        network.spikeSinks.append(statistics)
        var trace: TraceWriter?
        if let out {
            if !force && FileManager.default.fileExists(atPath: out) {
                throw CommandError("\(out): already exists; pass --force to replace it")
            }
            let writer = try TraceWriter(
                path: out, populations: populations.map { ($0.name, $0.size) },
                recorded: network.recorded, overwrite: force)
            try writer.setAttribute("spinsim_version", string: SpinSim.version)
            try writer.setAttribute("command_line", string: CommandLine.arguments.joined(separator: " "))
            try writer.setAttribute("seed", uint64: runSeed)
            try writer.setAttribute("network_file", string: spec.text)
            try writer.setAttribute("time_unit", string: "ms")
            try writer.setAttribute("duration", double: runDuration)
            try writer.setAttribute("wall_clock_start", string: ISO8601DateFormatter().string(from: wallStart))
            try writer.flush()
            network.spikeSinks.append(writer)
            trace = writer
        }
        let buildSeconds = Date().timeIntervalSince(wallStart)

        var simulation = Simulation(system: network)
        let reporter = ProgressReporter(duration: runDuration)
        if progress ?? (isatty(STDERR_FILENO) != 0) {
            simulation.every(max(runDuration / 1000, 1e-3), reporter.report)
        }
        // Flushed spikes survive a killed run; one flush per simulated second
        // costs nothing measurable.
        var flushError: Error?
        if let trace {
            simulation.every(1000, startingAt: 1000) { _, _ in
                do { try trace.flush() } catch { flushError = error; return .stop }
                return .proceed
            }
        }
        let simulationStart = Date()
        simulation.run(until: runDuration)
        if let flushError { throw flushError }
        let simulationSeconds = Date().timeIntervalSince(simulationStart)
        reporter.finish()

        if let trace {
            try trace.setAttribute("wall_clock_end", string: ISO8601DateFormatter().string(from: Date()))
            try trace.finish(completed: true)
        }
        let neuronPopulations = populations.indices.filter { populations[$0].model.receivesInput }
        let recordedNeurons = neuronPopulations.filter { network.recorded[$0] }
        let summary = RunSummary(
            title: file, seed: runSeed, duration: runDuration,
            neurons: neuronPopulations.reduce(0) { $0 + populations[$1].size },
            synapses: simulation.system.synapseCount,
            spikes: simulation.system.totalSpikes,
            meanRate: statistics.meanRate(populations: recordedNeurons, duration: runDuration),
            coefficientOfVariation: statistics.meanISICoefficientOfVariation(populations: recordedNeurons),
            synapticEvents: simulation.system.synapticEvents,
            buildSeconds: buildSeconds, simulationSeconds: simulationSeconds,
            trace: out)
        print(summary.text)
    }
}
