import ArgumentParser
import Foundation
import Formats
import SpinSimKit

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a trace: populations, spike counts, rates, recorded variables, provenance."
    )

    @Argument(help: "Trace file written by spinsim run --out.")
    var trace: String

    @Flag(help: "Also print the network file stored in the trace.")
    var network = false

    func run() throws {
        let summary = try TraceSummary.read(path: trace)
        print("trace      \(trace)")
        let status = summary.completed.map { $0 ? "yes" : "no" } ?? "unknown"
        let reason = summary.provenance.first { $0.name == "stop_reason" }.map { " (\($0.value))" } ?? ""
        print("completed  \(status)\(reason)")
        if let span = summary.span { print("simulated  \(span.start) to \(span.end) ms") }
        let duration = summary.span.map { $0.end - $0.start }
        print("\nspikes")
        for population in summary.populations {
            let nodes = population.nodeCount.map { "\($0) nodes" } ?? "? nodes"
            let range = population.firstSpike.map { String(format: ", %.3f to %.3f ms", $0, population.lastSpike!) } ?? ""
            var rate = ""
            if let count = population.nodeCount, count > 0, let duration, duration > 0 {
                rate = String(format: ", mean rate %.3f Hz", Double(population.spikeCount) / Double(count) / (duration / 1000))
            }
            print("  \(population.name): \(nodes), \(population.spikeCount) spikes\(range)\(rate)")
        }
        if !summary.reports.isEmpty {
            print("\nsampled state")
            for report in summary.reports {
                let unit = report.timeUnits
                let time = report.time.count == 3
                    ? String(format: "every %g %@ from %g to %g %@", report.time[2], unit, report.time[0], report.time[1], unit) : ""
                print("  \(report.population).\(report.variable) [\(report.units)]: \(report.nodeCount) nodes, \(report.samples) samples \(time)")
            }
        }
        print("\nprovenance")
        for (name, value) in summary.provenance where name != "network_file" {
            print("  \(name): \(value)")
        }
        if network, let text = summary.provenance.first(where: { $0.name == "network_file" })?.value {
            print("\nnetwork file\n\(text)")
        }
    }
}
