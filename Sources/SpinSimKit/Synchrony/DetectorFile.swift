import Foundation
import Oscillators
import Diagnostics
import Formats
import SynchronyTask

/// Reads and writes detector parameters as JSON: one detector object, or an
/// array of them (for `--target all`). Required keys: target,
/// startFrequencies (MHz), rampRates (MHz per task unit), coupling (MHz);
/// optional keys take the defaults of `SynchronyDetectorParameters`:
/// threshold, linewidth (MHz), timeUnit (ns), duration (task units),
/// windowCycles, frequencyAtZeroCurrent (MHz), tunability (MHz/mA),
/// responseCurve {sine, cosine}, seed; model ("phase", the default for files
/// without it, or "device"), and for the device model couplingPhase
/// (radians), readoutWindow (µs), lineHalfWidth (MHz), frequencySpread (MHz),
/// tunabilitySpread (relative) and device {frequency,
/// currentTunability, nonlinearShift (MHz), dampingRate (1/µs),
/// nonlinearDamping, thresholdCurrent (mA)}. Unknown keys are errors (a
/// misspelt key must not be silently ignored). Errors name the file and the field.
public enum DetectorFile {
    public static func read(path: String) throws(InputError) -> [SynchronyDetectorParameters] {
        try parse(try InputFile.read(path, limit: 16 << 20, what: "a detector file"), path: path)
    }

    public static func parse(_ data: Data, path: String) throws(InputError) -> [SynchronyDetectorParameters] {
        // Formats' JSON reader, not JSONSerialization: on Linux the latter
        // reads about a third of all doubles one ulp off, so a trained
        // detector would not read back as the detector that was trained.
        try JSONDuplicateKeys.check(data, input: path)
        let root: ConfigValue
        do { root = try ConfigValue.parseJSON(data) } catch {
            throw InputError(input: path, "not valid JSON (\(error.message))")
        }
        do throws(InputError) {
            guard case let .array(list) = root else { return [try detector(root, field: "")] }
            guard !list.isEmpty else { throw InputError(message: "empty list of detectors") }
            var detectors: [SynchronyDetectorParameters] = []
            for (index, item) in list.enumerated() { detectors.append(try detector(item, field: "[\(index)]")) }
            return detectors
        } catch {
            throw error.located(in: path)
        }
    }

    private static let keys = [
        "target", "startFrequencies", "rampRates", "coupling", "threshold", "linewidth", "timeUnit", "duration",
        "windowCycles", "frequencyAtZeroCurrent", "tunability", "responseCurve", "seed", "model", "device",
        "couplingPhase", "readoutWindow", "lineHalfWidth", "frequencySpread", "tunabilitySpread",
    ]
    private static let deviceKeys = [
        "frequency", "currentTunability", "nonlinearShift", "dampingRate", "nonlinearDamping", "thresholdCurrent",
    ]

    private static func detector(_ value: ConfigValue, field: String) throws(InputError) -> SynchronyDetectorParameters {
        guard case .table = value else {
            throw InputError(field: field.isEmpty ? "top level" : field, message: "expected an object, got \(value.typeName)")
        }
        let reader = try TableReader(value, path: field)
        try reader.allowOnly(keys)
        func numbers(_ key: String) throws(InputError) -> [Double] {
            guard case let .array(items) = try reader.required(key) else { throw reader.error(key, "expected a list of numbers") }
            var values: [Double] = []
            for (index, item) in items.enumerated() {
                values.append(try TableReader.number(item, path: "\(reader.fieldPath(key))[\(index)]"))
            }
            return values
        }
        /// A whole number in `range`, written as a JSON number (1000 or 1000.0).
        func whole(_ key: String, in range: ClosedRange<Double>, _ expected: String) throws(InputError) -> Double? {
            guard let v = try reader.number(key) else { return nil }
            guard v == v.rounded(), range.contains(v) else { throw reader.error(key, "expected \(expected)") }
            return v
        }
        guard let target = try reader.string("target") else { throw reader.error("target", "missing required field") }
        guard let coupling = try reader.number("coupling") else { throw reader.error("coupling", "missing required field") }
        var parameters = SynchronyDetectorParameters(
            target: target.lowercased(), startFrequencies: try numbers("startFrequencies"),
            rampRates: try numbers("rampRates"), coupling: coupling)
        if let v = try reader.number("threshold") { parameters.threshold = v }
        if let v = try reader.number("linewidth") { parameters.linewidth = v }
        if let v = try reader.number("timeUnit") { parameters.timeUnit = v }
        if let v = try reader.number("duration") { parameters.duration = v }
        if let v = try reader.number("frequencyAtZeroCurrent") { parameters.frequencyAtZeroCurrent = v }
        if let v = try reader.number("tunability") { parameters.tunability = v }
        if let v = try whole("windowCycles", in: 1...1e9, "a positive integer") { parameters.windowCycles = Int(v) }
        if let v = try whole("seed", in: 0...0x1p53.nextDown, "a non-negative integer") { parameters.seed = UInt64(v) }
        if let curve = reader.value("responseCurve") {
            let harmonics = try TableReader(curve, path: reader.fieldPath("responseCurve"))
            try harmonics.allowOnly(["sine", "cosine"])
            parameters.responseCurve = PhaseResponseCurve(sine: try harmonics.number("sine") ?? 1,
                                                          cosine: try harmonics.number("cosine") ?? 0)
        }
        if let name = try reader.string("model") {
            guard let model = SynchronyDetectorParameters.Model(rawValue: name) else {
                throw reader.error("model", "expected phase or device")
            }
            parameters.model = model
        }
        if let v = try reader.number("couplingPhase") { parameters.couplingPhase = v }
        if let v = try reader.number("readoutWindow") { parameters.readoutWindow = v }
        if let v = try reader.number("lineHalfWidth") { parameters.lineHalfWidth = v }
        if let v = try reader.number("frequencySpread") { parameters.frequencySpread = v }
        if let v = try reader.number("tunabilitySpread") { parameters.tunabilitySpread = v }
        if let device = reader.value("device") {
            let table = try TableReader(device, path: reader.fieldPath("device"))
            try table.allowOnly(deviceKeys)
            var d = parameters.device
            if let v = try table.number("frequency") { d.frequency = v }
            if let v = try table.number("currentTunability") { d.currentTunability = v }
            if let v = try table.number("nonlinearShift") { d.nonlinearShift = v }
            if let v = try table.number("dampingRate") { d.dampingRate = v }
            if let v = try table.number("nonlinearDamping") { d.nonlinearDamping = v }
            if let v = try table.number("thresholdCurrent") { d.thresholdCurrent = v }
            parameters.device = d
        }
        do { try parameters.validate() } catch { throw field.isEmpty ? error : error.inside(field: field) }
        return parameters
    }

    /// JSON text of one detector (keys sorted, so files diff cleanly).
    public static func json(_ parameters: SynchronyDetectorParameters) throws(InputError) -> String {
        var object: [String: Any] = [
            "target": parameters.target, "startFrequencies": parameters.startFrequencies,
            "rampRates": parameters.rampRates, "coupling": parameters.coupling, "threshold": parameters.threshold,
            "linewidth": parameters.linewidth, "timeUnit": parameters.timeUnit, "duration": parameters.duration,
            "windowCycles": parameters.windowCycles, "frequencyAtZeroCurrent": parameters.frequencyAtZeroCurrent,
            "tunability": parameters.tunability,
            "responseCurve": ["sine": parameters.responseCurve.sine, "cosine": parameters.responseCurve.cosine],
            "seed": parameters.seed, "model": parameters.model.rawValue,
        ]
        if parameters.model == .device {
            let d = parameters.device
            object["device"] = [
                "frequency": d.frequency, "currentTunability": d.currentTunability, "nonlinearShift": d.nonlinearShift,
                "dampingRate": d.dampingRate, "nonlinearDamping": d.nonlinearDamping, "thresholdCurrent": d.thresholdCurrent,
            ]
            object["readoutWindow"] = parameters.readoutWindow
            object["lineHalfWidth"] = parameters.lineHalfWidth
            object["frequencySpread"] = parameters.frequencySpread
            object["tunabilitySpread"] = parameters.tunabilitySpread
            if let phase = parameters.couplingPhase { object["couplingPhase"] = phase }
        }
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) } catch {
            throw InputError(input: "detector \(parameters.target)", message: "cannot be written as JSON (\(error.localizedDescription))")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Writes one detector to `path` atomically (`AtomicOutput`), refusing to
    /// replace an existing file unless `replacing`.
    public static func write(_ parameters: SynchronyDetectorParameters, to path: String, replacing: Bool) throws(InputError) {
        try AtomicOutput.write(Data(try json(parameters).utf8), to: path, replacing: replacing)
    }
}
