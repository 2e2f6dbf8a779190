import ArgumentParser
import EventCore
import Foundation
import Formats
import SpinSimKit
import SpikeNeurons

extension SpinSimBench {
    struct Benchmark4: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench4",
            abstract: "Brette et al. 2007 Benchmark 4: time network build and simulation.",
            discussion: """
                Spikes are kept in memory, as the peers' spike monitors keep them, and \
                rate and ISI CV are computed after the timed run; they are written to \
                disk only with --out (flushed every simulated second, as spinsim run does). \
                benchmarks/bench4.py runs this next to Brian2 and NEST and prints ratios.
                """
        )

        @Option(help: "Number of neurons (80 % excitatory).")
        var neurons = 4000

        @Option(name: .customLong("p"), help: "Connection probability (default: 80 / neurons, i.e. 0.02 at 4000).")
        var connectionProbability: Double?

        @Option(help: "Simulated duration in ms.")
        var duration = 10_000.0

        @Option(help: "Synaptic delay in ms.")
        var delay = 0.1

        @Option(help: "Random seed.")
        var seed: UInt64 = 1

        @Option(help: "Also stream every spike to this HDF5 file (measures the cost of recording).")
        var out: String?

        @Flag(help: "Replace an existing --out file.")
        var force = false

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        func validate() throws {
            guard neurons >= 5 else { throw ValidationError("--neurons must be at least 5") }
            if let p = connectionProbability, !(p >= 0 && p <= 1) { throw ValidationError("--p must be in [0, 1]") }
            guard duration.isFinite, duration >= 0 else { throw ValidationError("--duration must be finite and >= 0") }
            guard delay.isFinite, delay >= 0 else { throw ValidationError("--delay must be finite and >= 0") }
        }

        func run() throws {
            let p = connectionProbability ?? min(80 / Double(neurons), 1)
            let description = NetworkDescription.benchmark4(neurons: neurons, connectionProbability: p, delay: delay)
            let buildStart = Date()
            var network = try Network(description: description, seed: seed)
            let buildSeconds = Date().timeIntervalSince(buildStart)
            // Spikes are kept in memory during the timed run, as Brian2's and
            // NEST's monitors keep them; rate and ISI statistics are computed
            // afterwards, as the peers' scripts compute them.
            let collector = SpikeCollector(populationCount: description.populations.count)
            network.spikeSinks = [collector]
            let trace = try out.map { path in
                try TraceWriter(path: path, populations: description.populations.map { ($0.name, $0.size) },
                                recorded: [true, true], overwrite: force)
            }
            let sink = trace.map { TraceSink($0) }
            if let sink { network.spikeSinks.append(sink) }
            var simulation = Simulation(system: network)
            if let trace, let sink {
                simulation.every(1000, startingAt: 1000) { _, _ in
                    sink.drain()
                    return (try? trace.flush()) == nil ? .stop : .proceed
                }
            }
            let start = Date()
            simulation.run(until: duration)
            sink?.drain()
            try trace?.finish(completed: simulation.time == duration)
            let seconds = Date().timeIntervalSince(start)
            let statistics = SpikeStatistics(populationSizes: description.populations.map(\.size))
            for population in collector.times.indices {
                for (time, node) in zip(collector.times[population], collector.nodes[population]) {
                    statistics.record(time: time, population: population, node: node)
                }
            }
            let system = simulation.system
            let result: [(String, String)] = [
                ("simulator", "\"spinsim\""), ("variant", "\"exact\""),
                ("neurons", "\(neurons)"), ("synapses", "\(system.synapseCount)"),
                ("synapse_bytes", "\(system.synapseByteCount)"),
                ("duration_ms", "\(duration)"), ("seed", "\(seed)"),
                ("build_s", "\(buildSeconds)"), ("sim_wall_s", "\(seconds)"),
                ("spikes", "\(system.totalSpikes)"),
                ("rate_hz", "\(statistics.meanRate(populations: [0, 1], duration: duration))"),
                ("cv_isi", statistics.meanISICoefficientOfVariation(populations: [0, 1]).map { "\($0)" } ?? "null"),
                ("synaptic_events", "\(system.synapticEvents)"),
                ("kernel_events", "\(simulation.eventsProcessed)"),
                ("peak_rss_bytes", "\(peakResidentBytes())"),
            ]
            if json {
                print("{" + result.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            } else {
                for (key, value) in result { print(key.padding(toLength: 16, withPad: " ", startingAt: 0), value) }
                print("synaptic_events_per_s".padding(toLength: 16, withPad: " ", startingAt: 0),
                      String(format: "%.3g", Double(system.synapticEvents) / seconds))
            }
        }
    }
}

/// Peak resident set size of this process (bytes), from getrusage (KiB on Linux).
func peakResidentBytes() -> Int {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return usage.ru_maxrss * 1024
    #else
    getrusage(RUSAGE_SELF, &usage)
    return usage.ru_maxrss
    #endif
}
