/// SpinSim's one error vocabulary: every failure a user can cause (a file
/// that is missing, damaged or hostile, a field out of range, an option that
/// makes no sense, an output that would clobber something) is an
/// `InputError`, whose description is one line naming the input at fault.
///
/// This module imports nothing, so the formats, the models and the kit all
/// throw the same type, and the command-line tool prints any of them the same
/// way: `Error: <input>: <field>: <message>`.
public protocol UserFacingError: Error, CustomStringConvertible, Sendable {
    /// The input at fault: a file path, a command-line option; empty when the
    /// thrower does not know it (the caller then names it with `located(in:)`).
    var input: String { get }
    /// What is wrong, one line.
    var message: String { get }
}

/// A problem with one input, and where in it: `net.toml: population[0].tau_m:
/// must be a positive finite time`, `trace.h5: already exists; pass --force to
/// replace it`, `--duration: must be a finite, non-negative time`.
public struct InputError: UserFacingError, Equatable, Hashable {
    public var input: String
    /// The place inside the input (`population[0].tau_m`, `line 3`), or empty
    /// for the input as a whole.
    public var field: String
    public var message: String

    public init(input: String = "", field: String = "", message: String) {
        self.input = input
        self.field = field
        self.message = message
    }

    /// A problem with an input as a whole, e.g. `InputError(input: path, "no such file")`.
    public init(input: String, _ message: String) {
        self.init(input: input, message: message)
    }

    /// A problem whose full text the thrower composes (it names the input itself).
    public init(_ message: String) {
        self.init(message: message)
    }

    /// The same problem, attributed to `input` unless the thrower already named one.
    public func located(in input: String) -> InputError {
        guard self.input.isEmpty else { return self }
        var copy = self
        copy.input = input
        return copy
    }

    /// The same problem, one level deeper: `field` becomes `outer.field`.
    public func inside(field outer: String) -> InputError {
        var copy = self
        copy.field = field.isEmpty ? outer : "\(outer).\(field)"
        return copy
    }

    public var description: String {
        [input, field, message].filter { !$0.isEmpty }.joined(separator: ": ")
    }
}
