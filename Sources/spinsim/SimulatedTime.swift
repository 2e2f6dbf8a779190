import ArgumentParser
import Units

/// A simulated time on the command line, written as in network files ("2 s",
/// "150 ms", "500 us") or as a bare number of milliseconds ("150"), the
/// command line's unit since the first release. Negative values parse, so
/// that `validate()` can say what is wrong with them instead of ArgumentParser
/// reading "-5" as an option name.
struct SimulatedTime: ExpressibleByArgument, Sendable {
    /// ms
    let milliseconds: Double

    init?(argument: String) {
        if let value = Double(argument) {
            milliseconds = value
        } else if let value = Dimension.time.parse(argument) {
            milliseconds = value
        } else {
            return nil
        }
    }

    static var defaultCompletionKind: CompletionKind { .default }

    var defaultValueDescription: String { "\(milliseconds) ms" }

    /// Throws unless the time is finite and >= 0 (or > 0 when `positive`).
    func check(_ option: String, positive: Bool = false) throws {
        guard milliseconds.isFinite, positive ? milliseconds > 0 : milliseconds >= 0 else {
            throw ValidationError("\(option) must be a finite, \(positive ? "positive" : "non-negative") time such as \"2 s\" or 150 (ms); got \(milliseconds) ms")
        }
    }
}
