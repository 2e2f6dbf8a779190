import Diagnostics
import Formats
import SpikeNeurons
import Units

extension NetworkFile {
    /// One [[current]] table: a current injected into nodes of a population.
    ///   kind = "steps" or "ramps": times = ["100 ms", ...], amplitudes = ["200 pA", ...]
    ///   kind = "noise": mean, sd (currents), interval (time), start, stop (times; optional)
    /// with target = population and nodes = a node list (optional: all).
    static func parseCurrentInput(_ value: ConfigValue, path: String) throws(InputError) -> CurrentInputDescription {
        let reader = try TableReader(value, path: path)
        guard let kind = try reader.string("kind") else { throw reader.error("kind", "missing required field (steps, ramps or noise)") }
        let waveformKeys = ["steps": ["times", "amplitudes"], "ramps": ["times", "amplitudes"], "noise": ["mean", "sd", "interval", "start", "stop"]]
        guard let keys = waveformKeys[kind] else {
            throw reader.error("kind", "unknown kind \"\(kind)\" (expected steps, ramps or noise)")
        }
        try reader.allowOnly(["target", "nodes", "kind"] + keys)
        guard let target = try reader.string("target") else { throw reader.error("target", "missing required field") }
        let nodes = try reader.value("nodes").flatMap { (value) throws(InputError) in
            try StateRecording.nodes(value, path: reader.fieldPath("nodes"))
        }
        func list(_ key: String, _ dimension: Dimension) throws(InputError) -> [Double] {
            guard case let .array(items) = try reader.required(key) else { throw reader.error(key, "expected a list") }
            var result: [Double] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                result.append(try TableReader.quantity(item, dimension, path: "\(reader.fieldPath(key))[\(index)]"))
            }
            return result
        }
        func required(_ key: String, _ dimension: Dimension) throws(InputError) -> Double {
            guard let value = try reader.quantity(key, dimension) else { throw reader.error(key, "missing required field") }
            return value
        }
        let waveform: CurrentWaveform
        switch kind {
        case "steps": waveform = .steps(times: try list("times", .time), amplitudes: try list("amplitudes", .current))
        case "ramps": waveform = .ramps(times: try list("times", .time), amplitudes: try list("amplitudes", .current))
        default:
            waveform = .noise(mean: try reader.quantity("mean", .current) ?? 0, sd: try required("sd", .current),
                              interval: try required("interval", .time), start: try reader.quantity("start", .time) ?? 0,
                              stop: try reader.quantity("stop", .time) ?? .infinity)
        }
        return CurrentInputDescription(target: target, nodes: nodes, waveform: waveform, label: path)
    }
}
