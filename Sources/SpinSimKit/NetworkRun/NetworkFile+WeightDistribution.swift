import Diagnostics
import Formats
import SpikeNeurons
import Units

extension NetworkFile {
    /// A projection's `weight` written as a law rather than a quantity, every
    /// value in the target model's weight unit (`sigma` a plain number):
    /// - `{ uniform = [lower, upper] }`
    /// - `{ normal = { mean, sd, lower, upper } }` (bounds optional: truncated by drawing again)
    /// - `{ lognormal = { median, sigma } }`, or `{ lognormal = { mean, sd } }` of the weights themselves.
    /// nil when `weight` is absent or a quantity. Values are checked with the
    /// network (`validate`).
    static func weightDistribution(_ reader: TableReader, _ dimension: Units.Dimension) throws(InputError) -> WeightDistribution? {
        guard let value = reader.value("weight"), case .table = value else { return nil }
        return try distribution(value, path: reader.fieldPath("weight"), dimension)
    }

    /// A law written as a table (see `weightDistribution`), its values in `dimension`
    /// (`.dimensionless`: plain numbers): weights, and per-node parameters.
    static func distribution(_ value: ConfigValue, path: String, _ dimension: Units.Dimension) throws(InputError) -> WeightDistribution {
        let law = try TableReader(value, path: path)
        func quantity(_ value: ConfigValue, path: String) throws(InputError) -> Double {
            dimension == .dimensionless ? try TableReader.number(value, path: path) : try TableReader.quantity(value, dimension, path: path)
        }
        let names = ["uniform", "normal", "lognormal"]
        try law.allowOnly(names)
        guard let name = names.first(where: { law.value($0) != nil }) else {
            throw InputError(field: law.path, message: "expected a quantity or one of { uniform = [...] }, { normal = {...} }, { lognormal = {...} }")
        }
        guard names.filter({ law.value($0) != nil }).count == 1 else { throw InputError(field: law.path, message: "names more than one distribution") }
        if name == "uniform" {
            guard case let .array(bounds) = try law.required("uniform"), bounds.count == 2 else {
                throw law.error("uniform", "expected two values [lower, upper]")
            }
            return .uniform(lower: try quantity(bounds[0], path: "\(law.fieldPath("uniform"))[0]"),
                            upper: try quantity(bounds[1], path: "\(law.fieldPath("uniform"))[1]"))
        }
        let parameters = try TableReader(law.required(name), path: law.fieldPath(name))
        func optional(_ key: String) throws(InputError) -> Double? {
            guard let value = parameters.value(key) else { return nil }
            return try quantity(value, path: parameters.fieldPath(key))
        }
        func required(_ key: String) throws(InputError) -> Double {
            guard let value = try optional(key) else { throw parameters.error(key, "missing required field") }
            return value
        }
        if name == "normal" {
            try parameters.allowOnly(["mean", "sd", "lower", "upper"])
            return .normal(mean: try required("mean"), standardDeviation: try required("sd"),
                           lower: try optional("lower"), upper: try optional("upper"))
        }
        try parameters.allowOnly(["median", "sigma", "mean", "sd"])
        if parameters.value("median") != nil || parameters.value("sigma") != nil {
            guard parameters.value("mean") == nil, parameters.value("sd") == nil else {
                throw InputError(field: parameters.path, message: "give median and sigma, or mean and sd, not both")
            }
            guard let sigma = try parameters.number("sigma") else { throw parameters.error("sigma", "missing required field (the standard deviation of ln w, a number)") }
            return .lognormal(median: try required("median"), sigma: sigma)
        }
        let mean = try required("mean"), sd = try required("sd")
        guard mean != 0 else { throw parameters.error("mean", "must not be 0 (it sets every weight's sign)") }
        guard sd >= 0 else { throw parameters.error("sd", "must be >= 0") }
        return .lognormal(mean: mean, standardDeviation: sd)
    }
}
