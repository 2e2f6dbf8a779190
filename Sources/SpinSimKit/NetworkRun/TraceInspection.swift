import Foundation
import Formats

/// What `spinsim inspect` prints about a trace: completion, the simulated
/// span actually reached, per-population spike counts and rates, sampled
/// state reports and the provenance.
public enum TraceInspection {
    /// The report for the trace at `path`; with `showingNetwork`, also the
    /// network file stored in it. Errors name the file.
    public static func text(of path: String, showingNetwork: Bool) throws -> String {
        let summary = try TraceSummary.read(path: path)
        var lines = ["trace      \(path)"]
        let status = summary.completed.map { $0 ? "yes" : "no" } ?? "unknown"
        let reason = summary.provenance.first { $0.name == TraceAttribute.stopReason.rawValue }.map { " (\($0.value))" } ?? ""
        lines.append("completed  \(status)\(reason)")
        if let span = summary.span { lines.append("simulated  \(span.start) to \(span.end) ms") }
        let duration = summary.span.map { $0.end - $0.start }
        lines.append("\nspikes")
        for population in summary.populations {
            let nodes = (population.nodeCount.map { "\($0) nodes" } ?? "? nodes")
                + (population.recordedNodeCount.map { " (\($0) recorded)" } ?? "")
            let range = population.firstSpike.map { String(format: ", %.3f to %.3f ms", $0, population.lastSpike!) } ?? ""
            var rate = ""
            if let count = population.recordedNodeCount ?? population.nodeCount, count > 0, let duration, duration > 0 {
                rate = String(format: ", mean rate %.3f Hz", Double(population.spikeCount) / Double(count) / (duration / 1000))
            }
            lines.append("  \(population.name): \(nodes), \(population.spikeCount) spikes\(range)\(rate)")
        }
        if !summary.reports.isEmpty {
            lines.append("\nsampled state")
            for report in summary.reports {
                let unit = report.timeUnits
                let time = report.time.count == 3
                    ? String(format: "every %g %@ from %g to %g %@", report.time[2], unit, report.time[0], report.time[1], unit) : ""
                let columns = report.population.hasPrefix("weights_") ? "connections" : "nodes"
                lines.append("  \(report.population).\(report.variable) [\(report.units)]: \(report.nodeCount) \(columns), \(report.samples) samples \(time)")
            }
        }
        lines.append("\nprovenance")
        let networkFile = TraceAttribute.networkFile.rawValue
        for (name, value) in summary.provenance where name != networkFile {
            lines.append("  \(name): \(value)")
        }
        if showingNetwork, let text = summary.provenance.first(where: { $0.name == networkFile })?.value {
            lines.append("\nnetwork file\n\(text)")
        }
        return lines.joined(separator: "\n")
    }
}
