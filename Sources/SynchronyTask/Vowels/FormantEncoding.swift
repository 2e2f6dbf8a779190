import Diagnostics

/// How a vowel's two steady-state formants become the two microwave inputs:
/// each formant goes to the Bark scale (Traunmüller 1990,
/// z = 26.81 F / (1960 + F) - 0.53, F in Hz), where equal steps are roughly
/// equal perceptual steps, then through an affine map onto its own sub-band
/// of the oscillators' band:
///
///     f_A = bandA.lower + (z(F1) - z1.lower) / (z1.upper - z1.lower) * (bandA.upper - bandA.lower)   (MHz)
///     f_B = bandB.lower + (z(F2) - z2.lower) / (z2.upper - z2.lower) * (bandB.upper - bandB.lower)
///
/// The Bark ranges z1, z2 are fitted on the training tokens only (their 2nd
/// and 98th percentiles, so one odd token does not squeeze the others); a
/// test token outside them lands outside its sub-band, unclamped, as a real
/// input would. Two separate sub-bands keep F1 and F2 apart in frequency, so
/// the oscillators placed in one band read one formant.
public struct FormantEncoding: Sendable, Equatable, Codable {
    public struct Range: Sendable, Equatable, Codable {
        public var lower: Double
        public var upper: Double
        public init(lower: Double, upper: Double) {
            self.lower = lower
            self.upper = upper
        }
    }

    /// Bark range of F1 and of F2 mapped onto the sub-bands.
    public var f1Bark: Range
    public var f2Bark: Range
    /// Sub-bands of source A (from F1) and source B (from F2), MHz.
    public var bandA: Range
    public var bandB: Range

    public static let defaultBandA = Range(lower: 322, upper: 330)
    public static let defaultBandB = Range(lower: 333, upper: 341)

    public init(f1Bark: Range, f2Bark: Range, bandA: Range = defaultBandA, bandB: Range = defaultBandB) {
        self.f1Bark = f1Bark
        self.f2Bark = f2Bark
        self.bandA = bandA
        self.bandB = bandB
    }

    /// Fits the Bark ranges to `formants` (F1, F2 in Hz; the training tokens).
    public init(fittedTo formants: [(f1: Double, f2: Double)], bandA: Range = defaultBandA, bandB: Range = defaultBandB) {
        precondition(formants.count >= 2, "an encoding needs at least two training tokens")
        func range(_ values: [Double]) -> Range {
            let sorted = values.map(Self.bark).sorted()
            return Range(lower: percentile(sorted, 0.02), upper: percentile(sorted, 0.98))
        }
        self.init(f1Bark: range(formants.map(\.f1)), f2Bark: range(formants.map(\.f2)), bandA: bandA, bandB: bandB)
    }

    /// z(F) in Bark for F in Hz (Traunmüller 1990).
    public static func bark(_ hertz: Double) -> Double { 26.81 * hertz / (1960 + hertz) - 0.53 }

    /// (f_A, f_B) in MHz for formants F1, F2 in Hz.
    public func sourceFrequencies(f1: Double, f2: Double) -> (a: Double, b: Double) {
        func map(_ z: Double, _ from: Range, _ to: Range) -> Double {
            to.lower + (z - from.lower) / (from.upper - from.lower) * (to.upper - to.lower)
        }
        return (map(Self.bark(f1), f1Bark, bandA), map(Self.bark(f2), f2Bark, bandB))
    }

    public func validate() throws(InputError) {
        for (name, r) in [("f1Bark", f1Bark), ("f2Bark", f2Bark), ("bandA", bandA), ("bandB", bandB)] {
            guard r.lower.isFinite, r.upper.isFinite, r.upper > r.lower else {
                throw InputError(field: name, message: "needs finite lower < upper (got \(r.lower), \(r.upper))")
            }
        }
        guard bandA.lower > 0, bandB.lower > 0 else {
            throw InputError(field: "bandA", message: "sub-bands must be positive frequencies in MHz")
        }
    }
}

/// The q-quantile of sorted values, linear between order statistics (numpy's default).
func percentile(_ sorted: [Double], _ q: Double) -> Double {
    let position = q * Double(sorted.count - 1)
    let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
    return sorted[low] + (position - Double(low)) * (sorted[high] - sorted[low])
}
