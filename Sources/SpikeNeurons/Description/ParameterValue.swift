/// The value of one model parameter in a network description, in the
/// internal unit of the parameter's dimension (see `ModelSchema`).
public enum ParameterValue: Sendable, Hashable, Codable {
    /// One value for every node.
    case scalar(Double)
    /// Each node draws its own value from the law (uniform, a normal
    /// truncated by drawing again, or a lognormal), from a random stream
    /// keyed by the population and the node.
    case distribution(WeightDistribution)
    /// One list per node (e.g. spike times).
    case lists([[Double]])
    /// One value per node of the population, in node order (a node table file).
    case values([Double])
    /// A piecewise-constant function of time, the same for every node:
    /// `values[k]` from `times[k]` (ms; `times[0]` = 0, increasing) until
    /// `times[k + 1]`, the last value for ever.
    case schedule(times: [Double], values: [Double])
}

extension ParameterValue {
    /// Each node draws its own value uniformly from [lower, upper).
    public static func uniform(lower: Double, upper: Double) -> ParameterValue {
        .distribution(.uniform(lower: lower, upper: upper))
    }
}

/// The parameters of one population, by name, as the model's schema names them.
public struct ParameterValues: Sendable, Hashable, Codable {
    public var values: [String: ParameterValue]

    public init(_ values: [String: ParameterValue] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> ParameterValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// A scalar parameter that validation has checked exists.
    public func scalar(_ name: String) -> Double {
        guard case let .scalar(value)? = values[name] else { preconditionFailure("parameter \(name) is not a validated scalar") }
        return value
    }

    /// A per-node parameter that validation has checked exists.
    public func perNode(_ name: String) -> ParameterValue {
        guard let value = values[name] else { preconditionFailure("parameter \(name) was not validated") }
        return value
    }

    /// A parameter that validation has checked is absent or a scalar.
    public func optionalScalar(_ name: String) -> Double? {
        values[name] == nil ? nil : scalar(name)
    }

    /// A schedule parameter that validation has checked exists, as
    /// (times, values); a single value is a schedule of one segment from 0.
    public func schedule(_ name: String) -> (times: [Double], values: [Double]) {
        switch values[name] {
        case let .scalar(value)?: ([0], [value])
        case let .schedule(times, values)?: (times, values)
        default: preconditionFailure("parameter \(name) is not a validated schedule")
        }
    }

    /// A list parameter that validation has checked exists.
    public func lists(_ name: String) -> [[Double]] {
        guard case let .lists(lists)? = values[name] else { preconditionFailure("parameter \(name) is not validated lists") }
        return lists
    }
}
