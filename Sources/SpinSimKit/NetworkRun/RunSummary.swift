import Foundation

/// The end-of-run report printed on stdout.
public struct RunSummary: Sendable {
    public var title: String
    public var seed: UInt64
    /// ms
    public var duration: Double
    public var neurons: Int
    public var synapses: Int
    /// Spikes of neurons, and of input sources.
    public var spikes: UInt64
    public var inputSpikes: UInt64
    /// Hz, over recorded neuron populations.
    public var meanRate: Double
    public var coefficientOfVariation: Double?
    public var synapticEvents: UInt64
    public var buildSeconds: Double
    public var simulationSeconds: Double
    public var trace: String?

    public var text: String {
        let rows: [(String, String)] = [
            ("network", title),
            ("seed", "\(seed)"),
            ("simulated", "\(format(duration, 1)) ms"),
            ("neurons", grouped(UInt64(neurons))),
            ("synapses", grouped(UInt64(synapses))),
            ("spikes", grouped(spikes)),
        ] + (inputSpikes > 0 ? [("input spikes", grouped(inputSpikes))] : []) + [
            ("mean rate", "\(format(meanRate, 3)) Hz"),
            ("ISI CV", coefficientOfVariation.map { format($0, 3) } ?? "n/a"),
            ("synaptic events", grouped(synapticEvents)),
            ("wall time", "\(format(buildSeconds + simulationSeconds, 3)) s (build \(format(buildSeconds, 3)) s, simulation \(format(simulationSeconds, 3)) s)"),
            ("events per second", "\(format(Double(synapticEvents) / max(simulationSeconds, 1e-9) / 1e6, 1)) M synaptic events/s"),
        ] + (trace.map { [("trace", $0)] } ?? [])
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
            .joined(separator: "\n")
    }

    private func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

    /// The summary as one JSON object (`run --json`), keys in snake case with
    /// their units: what a sweep or a script reads.
    public var json: String {
        let fields: [(String, String)] = [
            ("network", Self.quoted(title)), ("seed", "\(seed)"), ("duration_ms", "\(duration)"),
            ("neurons", "\(neurons)"), ("synapses", "\(synapses)"), ("spikes", "\(spikes)"),
            ("input_spikes", "\(inputSpikes)"), ("mean_rate_hz", Self.number(meanRate)),
            ("isi_cv", coefficientOfVariation.map(Self.number) ?? "null"), ("synaptic_events", "\(synapticEvents)"),
            ("build_s", Self.number(buildSeconds)), ("simulation_s", Self.number(simulationSeconds)),
            ("trace", trace.map(Self.quoted) ?? "null"),
        ]
        return "{" + fields.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// JSON has no NaN or infinity.
    private static func number(_ value: Double) -> String { value.isFinite ? "\(value)" : "null" }

    private static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case let c where c.value < 0x20: result += String(format: "\\u%04x", c.value)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

}
