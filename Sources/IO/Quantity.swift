/// A physical quantity written as a string with a unit, such as "20 ms",
/// "-49 mV" or "5 Hz", converted to SpinSim's internal units: milliseconds,
/// millivolts, hertz. Bare numbers are refused for dimensional parameters so
/// that a value can never be silently read in the wrong unit.
enum Dimension: String, Sendable {
    case time, voltage, frequency

    /// Accepted unit symbols and their factor to the internal unit.
    var units: [(symbol: String, factor: Double)] {
        switch self {
        case .time: [("s", 1e3), ("ms", 1), ("us", 1e-3), ("µs", 1e-3), ("ns", 1e-6)]
        case .voltage: [("V", 1e3), ("mV", 1), ("uV", 1e-3), ("µV", 1e-3)]
        case .frequency: [("Hz", 1), ("kHz", 1e3), ("MHz", 1e6)]
        }
    }

    var example: String {
        switch self {
        case .time: "\"20 ms\""
        case .voltage: "\"-49 mV\""
        case .frequency: "\"10 Hz\""
        }
    }

    /// Parses "<number> <unit>" (space optional) into the internal unit.
    func parse(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for (symbol, factor) in units.sorted(by: { $0.symbol.count > $1.symbol.count }) where trimmed.hasSuffix(symbol) {
            let number = trimmed.dropLast(symbol.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value.isFinite else { return nil }
            return value * factor
        }
        return nil
    }
}

import Foundation
