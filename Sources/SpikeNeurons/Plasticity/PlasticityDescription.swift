import Diagnostics
/// Spike-timing-dependent plasticity of a projection's synapses, as plain
/// values (see `PairSTDP` and `TripletSTDP` for the equations). Weights are
/// in the projection's unit (mV); for additive bounds the amplitudes are in
/// mV too, for multiplicative bounds they are fractions of the distance to
/// the bound. Times in ms.
public struct PlasticityDescription: Sendable, Hashable, Codable {
    public enum Rule: Sendable, Hashable, Codable {
        case pair(potentiation: Double, depression: Double, tauPlus: Double, tauMinus: Double)
        case triplet(
            pairPotentiation: Double, tripletPotentiation: Double, pairDepression: Double, tripletDepression: Double,
            tauPlus: Double, tauX: Double, tauMinus: Double, tauY: Double)
    }

    public var rule: Rule
    public var pairing: SpikePairing
    /// Soft (multiplicative) bounds instead of clipping (additive).
    public var multiplicative: Bool
    public var minimumWeight: Double
    public var maximumWeight: Double

    public init(rule: Rule, pairing: SpikePairing, multiplicative: Bool, minimumWeight: Double, maximumWeight: Double) {
        self.rule = rule
        self.pairing = pairing
        self.multiplicative = multiplicative
        self.minimumWeight = minimumWeight
        self.maximumWeight = maximumWeight
    }

    var bounds: WeightBounds {
        multiplicative
            ? .multiplicative(minimum: minimumWeight, maximum: maximumWeight)
            : .additive(minimum: minimumWeight, maximum: maximumWeight)
    }

    /// Throws the first parameter out of range, naming it.
    public func validate() throws(InputError) {
        let (amplitudes, times): ([(String, Double)], [(String, Double)]) = switch rule {
        case let .pair(potentiation, depression, tauPlus, tauMinus):
            ([("a_plus", potentiation), ("a_minus", depression)], [("tau_plus", tauPlus), ("tau_minus", tauMinus)])
        case let .triplet(a2Plus, a3Plus, a2Minus, a3Minus, tauPlus, tauX, tauMinus, tauY):
            ([("a2_plus", a2Plus), ("a3_plus", a3Plus), ("a2_minus", a2Minus), ("a3_minus", a3Minus)],
             [("tau_plus", tauPlus), ("tau_x", tauX), ("tau_minus", tauMinus), ("tau_y", tauY)])
        }
        if let (name, _) = amplitudes.first(where: { !($0.1.isFinite && $0.1 >= 0) }) {
            throw InputError(field: name, message: "must be finite and >= 0")
        }
        if let (name, _) = times.first(where: { !($0.1.isFinite && $0.1 > 0) }) {
            throw InputError(field: name, message: "must be a positive finite time")
        }
        guard minimumWeight.isFinite && maximumWeight.isFinite && minimumWeight <= maximumWeight else {
            throw InputError(field: "w_max", message: "must be finite and >= w_min")
        }
    }
}
