// Units: physical dimensions and their units, for reading quantities such
// as "20 ms" and for stating the unit of every stored value. Imports nothing.
/// A physical dimension whose quantities are written as strings with a unit
/// ("20 ms", "-49 mV", "5 Hz") and held as plain `Double`s in SpinSim's
/// internal unit of that dimension: milliseconds, millivolts, hertz, and so
/// on. Bare numbers are refused wherever a dimension is expected, so a value
/// can never be read in the wrong unit.
///
/// This module imports nothing (not even Foundation): every layer can use it.
public enum Dimension: String, Sendable, CaseIterable, Codable {
    case time, voltage, frequency, current, conductance, capacitance
    /// A pure number (a probability, a fraction, a count rate without unit).
    case dimensionless

    /// Accepted unit symbols and their factor to the internal unit (the one
    /// with factor 1). Longer symbols are tried first, so "ms" is not read as "s".
    public var units: [(symbol: String, factor: Double)] {
        switch self {
        case .time: [("s", 1e3), ("ms", 1), ("us", 1e-3), ("µs", 1e-3), ("ns", 1e-6)]
        case .voltage: [("V", 1e3), ("mV", 1), ("uV", 1e-3), ("µV", 1e-3)]
        case .frequency: [("Hz", 1), ("kHz", 1e3), ("MHz", 1e6), ("GHz", 1e9)]
        case .current: [("A", 1e12), ("mA", 1e9), ("uA", 1e6), ("µA", 1e6), ("nA", 1e3), ("pA", 1)]
        case .conductance: [("S", 1e9), ("mS", 1e6), ("uS", 1e3), ("µS", 1e3), ("nS", 1)]
        case .capacitance: [("F", 1e12), ("uF", 1e6), ("µF", 1e6), ("nF", 1e3), ("pF", 1)]
        case .dimensionless: [("", 1)]
        }
    }

    /// The internal unit's symbol, written next to every stored value.
    public var internalUnit: String {
        units.first { $0.factor == 1 }?.symbol ?? ""
    }

    /// An example for error messages.
    public var example: String {
        switch self {
        case .time: "\"20 ms\""
        case .voltage: "\"-49 mV\""
        case .frequency: "\"10 Hz\""
        case .current: "\"250 pA\""
        case .conductance: "\"10 nS\""
        case .capacitance: "\"250 pF\""
        case .dimensionless: "0.5"
        }
    }

    /// Parses "<number> <unit>" (space optional) into the internal unit; nil
    /// when the text is not a number followed by one of `units`, or when the
    /// number is not finite in the internal unit ("1e308 s" is 1e311 ms: the
    /// check is after the conversion, not before).
    public func parse(_ text: String) -> Double? {
        let trimmed = Self.trimmed(text)
        for (symbol, factor) in units.sorted(by: { $0.symbol.count > $1.symbol.count })
        where !symbol.isEmpty && trimmed.hasSuffix(symbol) {
            let number = Self.trimmed(String(trimmed.dropLast(symbol.count)))
            guard let value = Double(number), (value * factor).isFinite else { return nil }
            return value * factor
        }
        return nil
    }

    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
