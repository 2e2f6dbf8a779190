import ArgumentParser
import Foundation
import SpikeNeurons
import SpinSimKit

extension SpinSimBench {
    struct Threads: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "threads",
            abstract: "Benchmark 4 through `spinsim run --threads N`: simulation time per thread count, speed-up and identity of the spikes.",
            discussion: """
                Each repeat runs every thread count in turn in this process, so that the \
                counts see the same machine state; the medians are compared. The spike \
                count, mean rate and ISI CV of every run must equal those of one thread \
                bit for bit, or the command fails.
                """
        )

        @Option(help: "Number of neurons (80 % excitatory; p = 80 / neurons keeps the in-degree).")
        var neurons = 40_000

        @Option(help: "Simulated duration in ms.")
        var duration = 5000.0

        @Option(help: "Thread counts to compare, the first one the reference.")
        var threads = "1,2"

        @Option(help: "Runs of each thread count.")
        var repeats = 3

        @Option(help: "Random seed.")
        var seed: UInt64 = 1

        @Flag(help: "Print one JSON object instead of a table.")
        var json = false

        func validate() throws {
            guard neurons >= 5 else { throw ValidationError("--neurons must be at least 5") }
            guard duration.isFinite, duration > 0 else { throw ValidationError("--duration must be finite and > 0") }
            guard repeats >= 1 else { throw ValidationError("--repeats must be at least 1") }
            guard let counts = threadCounts, !counts.isEmpty, counts.allSatisfy({ (1...NetworkRun.maximumThreads).contains($0) }) else {
                throw ValidationError("--threads must list counts in 1...\(NetworkRun.maximumThreads), e.g. 1,2")
            }
        }

        private var threadCounts: [Int]? {
            let counts = threads.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            return counts.contains(nil) ? nil : counts.compactMap { $0 }
        }

        func run() throws {
            let counts = threadCounts!
            let network = NetworkDescription.benchmark4(neurons: neurons, connectionProbability: min(80 / Double(neurons), 1))
            let file = NetworkFile(builtIn: network, duration: duration, seed: seed, origin: "spinsim-bench threads --neurons \(neurons)")
            var seconds = [[Double]](repeating: [], count: counts.count)
            var reference: RunSummary?
            for _ in 0..<repeats {
                for (index, count) in counts.enumerated() {
                    var options = RunOptions()
                    options.threads = count
                    let summary = try NetworkRun(file: file, label: "benchmark 4", duration: duration, seed: seed, options: options).execute()
                    if let reference {
                        guard summary.spikes == reference.spikes, summary.meanRate.bitPattern == reference.meanRate.bitPattern,
                              summary.coefficientOfVariation?.bitPattern == reference.coefficientOfVariation?.bitPattern else {
                            throw ValidationError("\(count) threads gave other spikes than \(counts[0]) (\(summary.spikes) vs \(reference.spikes))")
                        }
                    }
                    reference = reference ?? summary
                    seconds[index].append(summary.simulationSeconds)
                }
            }
            let medians = seconds.map { $0.sorted()[$0.count / 2] }
            if json {
                let rows = counts.indices.map { i in
                    "{\"threads\": \(counts[i]), \"sim_wall_s_median\": \(medians[i]), \"sim_wall_s\": \(seconds[i]), \"speedup\": \(medians[0] / medians[i])}"
                }
                print("{\"neurons\": \(neurons), \"synapses\": \(reference!.synapses), \"duration_ms\": \(duration), \"spikes\": \(reference!.spikes), \"runs\": [\(rows.joined(separator: ", "))]}")
            } else {
                print("Benchmark 4, \(neurons) neurons, \(reference!.synapses) synapses, \(duration) ms, \(reference!.spikes) spikes (identical in every run)")
                print("threads  simulation (median of \(repeats))  speed-up")
                for i in counts.indices {
                    print(String(format: "%7d  %24.3f s  %8.2f", counts[i], medians[i], medians[0] / medians[i]))
                }
            }
        }
    }
}
