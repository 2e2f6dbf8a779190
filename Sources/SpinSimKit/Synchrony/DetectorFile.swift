import Foundation
import Oscillators
import Diagnostics
import SynchronyTask

/// Reads and writes detector parameters as JSON: one detector object, or an
/// array of them (for `--target all`). Required keys: target,
/// startFrequencies (MHz), rampRates (MHz per task unit), coupling (MHz);
/// optional keys take the defaults of `CheeseDetectorParameters`:
/// threshold, linewidth (MHz), timeUnit (ns), duration (task units),
/// windowCycles, frequencyAtZeroCurrent (MHz), tunability (MHz/mA),
/// responseCurve {sine, cosine}, seed. Unknown keys are errors (a misspelt
/// key must not be silently ignored). Errors name the file and the field.
public enum CheeseParameterFile {
    public static func read(path: String) throws(InputError) -> [CheeseDetectorParameters] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError("\(path): cannot read file")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(InputError) -> [CheeseDetectorParameters] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch {
            throw InputError("\(path): not valid JSON (\(error.localizedDescription))")
        }
        if let list = root as? [Any] {
            guard !list.isEmpty else { throw InputError("\(path): empty list of detectors") }
            var detectors: [CheeseDetectorParameters] = []
            for (index, item) in list.enumerated() { detectors.append(try detector(item, path: path, field: "[\(index)]")) }
            return detectors
        }
        return [try detector(root, path: path, field: "")]
    }

    private static let keys: Set<String> = [
        "target", "startFrequencies", "rampRates", "coupling", "threshold", "linewidth", "timeUnit", "duration",
        "windowCycles", "frequencyAtZeroCurrent", "tunability", "responseCurve", "seed",
    ]

    private static func detector(_ value: Any, path: String, field prefix: String) throws(InputError) -> CheeseDetectorParameters {
        func name(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }
        func fail(_ key: String, _ message: String) -> InputError { InputError("\(path): \(name(key)): \(message)") }
        guard let object = value as? [String: Any] else {
            throw InputError("\(path): \(prefix.isEmpty ? "top level" : prefix): expected an object")
        }
        if let unknown = object.keys.sorted().first(where: { !keys.contains($0) }) { throw fail(unknown, "unknown key") }
        func number(_ key: String) throws(InputError) -> Double? {
            guard let raw = object[key] else { return nil }
            guard let number = raw as? NSNumber else {
                throw fail(key, "expected a number")
            }
            return number.doubleValue
        }
        func numbers(_ key: String) throws(InputError) -> [Double] {
            guard let raw = object[key] else { throw fail(key, "missing required field") }
            guard let list = raw as? [Any] else { throw fail(key, "expected a list of numbers") }
            var values: [Double] = []
            for item in list {
                guard let number = item as? NSNumber else { throw fail(key, "expected a list of numbers") }
                values.append(number.doubleValue)
            }
            return values
        }
        guard let target = object["target"] else { throw fail("target", "missing required field") }
        guard let targetName = target as? String else { throw fail("target", "expected a string") }
        guard let coupling = try number("coupling") else { throw fail("coupling", "missing required field") }
        var parameters = CheeseDetectorParameters(
            target: targetName.lowercased(), startFrequencies: try numbers("startFrequencies"),
            rampRates: try numbers("rampRates"), coupling: coupling)
        if let v = try number("threshold") { parameters.threshold = v }
        if let v = try number("linewidth") { parameters.linewidth = v }
        if let v = try number("timeUnit") { parameters.timeUnit = v }
        if let v = try number("duration") { parameters.duration = v }
        if let v = try number("frequencyAtZeroCurrent") { parameters.frequencyAtZeroCurrent = v }
        if let v = try number("tunability") { parameters.tunability = v }
        if let v = try number("windowCycles") {
            guard v == v.rounded(), v >= 1, v <= 1e9 else { throw fail("windowCycles", "expected a positive integer") }
            parameters.windowCycles = Int(v)
        }
        if let v = try number("seed") {
            guard v == v.rounded(), v >= 0, v < 0x1p53 else { throw fail("seed", "expected a non-negative integer") }
            parameters.seed = UInt64(v)
        }
        if let raw = object["responseCurve"] {
            guard let curve = raw as? [String: Any] else { throw fail("responseCurve", "expected an object {sine, cosine}") }
            if let key = curve.keys.sorted().first(where: { $0 != "sine" && $0 != "cosine" }) {
                throw fail("responseCurve.\(key)", "unknown key")
            }
            for key in curve.keys.sorted() where !(curve[key] is NSNumber) { throw fail("responseCurve.\(key)", "expected a number") }
            parameters.responseCurve = PhaseResponseCurve(sine: (curve["sine"] as? NSNumber)?.doubleValue ?? 1,
                                                          cosine: (curve["cosine"] as? NSNumber)?.doubleValue ?? 0)
        }
        do { try parameters.validate() } catch {
            throw InputError("\(path): \(name(error.field)): \(error.message)")
        }
        return parameters
    }

    /// JSON text of one detector (keys sorted, so files diff cleanly).
    public static func json(_ parameters: CheeseDetectorParameters) throws(InputError) -> String {
        let object: [String: Any] = [
            "target": parameters.target, "startFrequencies": parameters.startFrequencies,
            "rampRates": parameters.rampRates, "coupling": parameters.coupling, "threshold": parameters.threshold,
            "linewidth": parameters.linewidth, "timeUnit": parameters.timeUnit, "duration": parameters.duration,
            "windowCycles": parameters.windowCycles, "frequencyAtZeroCurrent": parameters.frequencyAtZeroCurrent,
            "tunability": parameters.tunability,
            "responseCurve": ["sine": parameters.responseCurve.sine, "cosine": parameters.responseCurve.cosine],
            "seed": parameters.seed,
        ]
        let data: Data
        do { data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys]) } catch {
            throw InputError("cannot encode parameters as JSON: \(error.localizedDescription)")
        }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
