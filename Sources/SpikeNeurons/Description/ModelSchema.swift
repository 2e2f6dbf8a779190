import Diagnostics
import Units

/// A model described as data (Brian2's equations-as-data, in Swift): its
/// name in network files, its equations, every parameter with its dimension,
/// default and bounds, and the state variables it can record with their
/// units. The schema drives parsing of network files, validation (once, in
/// `validate`), error messages, `spinsim models`, and the list of
/// recordable variables, so none of these is written by hand per model.
public struct ModelSchema: Sendable {
    /// Name used in network files (`model = "lif"`).
    public var name: String
    /// One line for listings.
    public var summary: String
    /// The dynamics, one line each, as a physicist would write them.
    public var equations: [String]
    public var parameters: [ParameterSpec]
    public var variables: [VariableSpec]
    /// Dimension of a projection's weight onto this model; nil: the model
    /// cannot be the target of a projection (an input source).
    public var weightDimension: Dimension?
    /// A list parameter whose length gives the population's size (spike
    /// times); nil when the size is given as `size`.
    public var sizeFromParameter: String?
    /// Whether current inputs (`[[current]]`, pA) may be injected into its nodes.
    public var acceptsCurrent: Bool
    /// Checks across parameters, each naming the parameter it blames.
    public var constraints: [Constraint]
    /// Scalar time parameters the state is scaled by over the whole run
    /// (exp((t - t0) / tau)): the clock must resolve them to the run's end
    /// (`NetworkDescription.checkTimeResolution`).
    public var timeConstants: [String]

    public init(name: String, summary: String, equations: [String], parameters: [ParameterSpec],
                variables: [VariableSpec], weightDimension: Dimension?, sizeFromParameter: String? = nil,
                acceptsCurrent: Bool = false, constraints: [Constraint] = [], timeConstants: [String] = []) {
        self.name = name
        self.summary = summary
        self.equations = equations
        self.parameters = parameters
        self.variables = variables
        self.weightDimension = weightDimension
        self.sizeFromParameter = sizeFromParameter
        self.acceptsCurrent = acceptsCurrent
        self.constraints = constraints
        self.timeConstants = timeConstants
    }

    /// Whether a projection may target this model.
    public var receivesInput: Bool { weightDimension != nil }

    public func parameter(named name: String) -> ParameterSpec? {
        parameters.first { $0.name == name }
    }

    /// A cross-parameter check: `holds` must be true; otherwise `message` is
    /// reported against `parameter`.
    public struct Constraint: Sendable {
        public var parameter: String
        public var message: String
        public var holds: @Sendable (ParameterValues) -> Bool

        public init(parameter: String, message: String, holds: @escaping @Sendable (ParameterValues) -> Bool) {
            self.parameter = parameter
            self.message = message
            self.holds = holds
        }
    }

    /// `given` completed with defaults; unknown names are an error.
    public func resolved(_ given: ParameterValues) throws(InputError) -> ParameterValues {
        if let unknown = given.values.keys.sorted().first(where: { parameter(named: $0) == nil }) {
            let known = parameters.map(\.name).joined(separator: ", ")
            throw InputError(field: unknown, message: "unknown parameter of model \(name) (expected one of: \(known))")
        }
        var values = given
        for spec in parameters where values[spec.name] == nil && !spec.isOptional {
            guard let value = spec.defaultValue else {
                throw InputError(field: spec.name, message: "missing required parameter")
            }
            values[spec.name] = value
        }
        return values
    }

    /// The one validation of a population's parameters: every parameter is
    /// present (after defaults), of its kind, finite and within its bounds,
    /// lists have one entry per node, and the constraints hold. Errors name
    /// the parameter (`tau_m: must be > 0 ms`).
    public func validate(_ values: ParameterValues, size: Int) throws(InputError) {
        let values = try resolved(values)
        for spec in parameters {
            guard let value = values[spec.name] else { continue }  // an optional parameter left out
            try spec.check(value, size: size)
        }
        for constraint in constraints where !constraint.holds(values) {
            throw InputError(field: constraint.parameter, message: constraint.message)
        }
    }
}

/// One parameter of a model.
public struct ParameterSpec: Sendable {
    /// What values the parameter takes.
    public enum Kind: Sendable {
        /// One value for the whole population.
        case scalar
        /// A value per node: one value, or a law each node draws its own from
        /// (`{ uniform = [lower, upper] }`, `{ normal = {...} }`, `{ lognormal = {...} }`).
        case perNode
        /// One list of values per node (spike times), in a unit given by the
        /// companion string parameter `unitKey` of the file.
        case lists(unitKey: String)
        /// One value, or a piecewise-constant function of time for the whole
        /// population: `{ times = [...], values = [...] }`.
        case schedule
    }

    public var name: String
    public var dimension: Dimension
    public var kind: Kind
    /// nil: required, unless `isOptional`.
    public var defaultValue: ParameterValue?
    /// May be left out with no default: the model gives the absence a
    /// meaning of its own (a Poisson source's `stop`: never).
    public var isOptional: Bool
    public var bounds: Bounds
    public var summary: String

    public init(_ name: String, _ dimension: Dimension, kind: Kind = .scalar, default defaultValue: ParameterValue? = nil,
                optional isOptional: Bool = false, bounds: Bounds = .finite, _ summary: String) {
        self.name = name
        self.dimension = dimension
        self.kind = kind
        self.defaultValue = defaultValue
        self.isOptional = isOptional
        self.bounds = bounds
        self.summary = summary
    }

    func check(_ value: ParameterValue, size: Int) throws(InputError) {
        func inBounds(_ x: Double) throws(InputError) {
            guard bounds.contains(x) else {
                throw InputError(field: name, message: "must be \(bounds.text(unit: dimension.internalUnit)), got \(x) \(dimension.internalUnit)")
            }
        }
        switch (kind, value) {
        case (.scalar, .scalar(let x)), (.perNode, .scalar(let x)), (.schedule, .scalar(let x)):
            try inBounds(x)
        case (.schedule, .schedule(let times, let values)):
            guard !times.isEmpty, times.count == values.count else {
                throw InputError(field: name, message: "needs one value per time (\(times.count) times, \(values.count) values)")
            }
            guard times[0] == 0 else { throw InputError(field: "\(name).times[0]", message: "must be 0 ms (the first value holds from the start)") }
            for index in times.indices.dropFirst() where !(times[index].isFinite && times[index] > times[index - 1]) {
                throw InputError(field: "\(name).times[\(index)]", message: "must be finite and after times[\(index - 1)] (\(times[index - 1]) ms), got \(times[index]) ms")
            }
            for (index, x) in values.enumerated() where !bounds.contains(x) {
                throw InputError(field: "\(name).values[\(index)]", message: "must be \(bounds.text(unit: dimension.internalUnit)), got \(x) \(dimension.internalUnit)")
            }
        case (.perNode, .distribution(let law)):
            do { try law.validate() } catch { throw InputError(field: "\(name).\(error.field)", message: error.message) }
            // Every draw must be a valid value: the law's support lies in the bounds.
            let (low, high) = law.support
            for (end, isLower) in [(low, true), (high, false)] {
                if end.isFinite { try inBounds(end); continue }
                if (isLower ? bounds.lower : bounds.upper) != nil {
                    throw InputError(field: name, message: "draws must be \(bounds.text(unit: dimension.internalUnit)): bound the law (normal: lower, upper)")
                }
            }
        case (.perNode, .values(let values)):
            guard values.count == size else { throw InputError(field: name, message: "\(values.count) values for \(size) nodes") }
            if let node = values.firstIndex(where: { !bounds.contains($0) }) {
                throw InputError(field: "\(name)[\(node)]", message: "must be \(bounds.text(unit: dimension.internalUnit)), got \(values[node]) \(dimension.internalUnit)")
            }
        case (.lists, .lists(let lists)):
            guard lists.count == size else {
                throw InputError(field: name, message: "\(lists.count) lists for \(size) nodes")
            }
            for (node, list) in lists.enumerated() {
                for x in list where !bounds.contains(x) {
                    throw InputError(field: "\(name)[\(node)]", message: "must be \(bounds.text(unit: dimension.internalUnit)), got \(x)")
                }
            }
        case (.scalar, _):
            throw InputError(field: name, message: "expected a single \(dimension.rawValue)")
        case (.perNode, _):
            throw InputError(field: name, message: "expected a \(dimension.rawValue) or { uniform = [lower, upper] }")
        case (.lists, _):
            throw InputError(field: name, message: "expected one list per node")
        case (.schedule, _):
            throw InputError(field: name, message: "expected a \(dimension.rawValue) or { times = [...], values = [...] }")
        }
    }
}

/// An interval a parameter must lie in (always finite).
public struct Bounds: Sendable {
    public var lower: Double?
    public var lowerInclusive: Bool
    public var upper: Double?
    public var upperInclusive: Bool

    public init(lower: Double? = nil, lowerInclusive: Bool = true, upper: Double? = nil, upperInclusive: Bool = true) {
        self.lower = lower
        self.lowerInclusive = lowerInclusive
        self.upper = upper
        self.upperInclusive = upperInclusive
    }

    public static let finite = Bounds()
    public static let positive = Bounds(lower: 0, lowerInclusive: false)
    public static let nonNegative = Bounds(lower: 0)
    public static let probability = Bounds(lower: 0, upper: 1)

    public func contains(_ x: Double) -> Bool {
        guard x.isFinite else { return false }
        if let lower, lowerInclusive ? x < lower : x <= lower { return false }
        if let upper, upperInclusive ? x > upper : x >= upper { return false }
        return true
    }

    /// "> 0 ms", ">= 0 ms", "in [0, 1]", "finite".
    public func text(unit: String) -> String {
        let suffix = unit.isEmpty ? "" : " \(unit)"
        switch (lower, upper) {
        case let (lower?, upper?):
            return "in \(lowerInclusive ? "[" : "(")\(Self.number(lower)), \(Self.number(upper))\(upperInclusive ? "]" : ")")\(suffix)"
        case let (lower?, nil): return "\(lowerInclusive ? ">=" : ">") \(Self.number(lower))\(suffix)"
        case let (nil, upper?): return "\(upperInclusive ? "<=" : "<") \(Self.number(upper))\(suffix)"
        case (nil, nil): return "finite"
        }
    }

    private static func number(_ x: Double) -> String {
        x == x.rounded() && x.magnitude < 1e15 ? String(Int64(x)) : "\(x)"
    }
}

/// A state variable a model can record.
public struct VariableSpec: Sendable {
    public var name: String
    public var dimension: Dimension
    public var summary: String

    public init(_ name: String, _ dimension: Dimension, _ summary: String) {
        self.name = name
        self.dimension = dimension
        self.summary = summary
    }

    /// Unit of recorded values (the dimension's internal unit).
    public var unit: String { dimension.internalUnit }
}
