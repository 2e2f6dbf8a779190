#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pair-based STDP with exponential traces (e.g. Morrison, Diesmann and
/// Gerstner 2008). Times in ms.
///
/// Traces: x_pre decays with tau_plus, x_post with tau_minus, exactly:
/// x(t) = x(t_s) exp(-(t - t_s) / tau) since the trace's last spike t_s.
/// At a presynaptic spike: w is depressed by A_minus x_post(t), then x_pre
/// jumps (+1 all-to-all, := 1 nearest-neighbour). At a postsynaptic spike:
/// w is potentiated by A_plus x_pre(t), then x_post jumps.
/// For one pre and one post spike, dt = t_post - t_pre, additive bounds
/// (not reached) give the window
///   dw = A_plus exp(-dt / tau_plus)   for dt >= 0 (pre first),
///   dw = -A_minus exp(dt / tau_minus) for dt < 0;
/// multiplicative bounds multiply these by (w_max - w) and (w - w_min).
public struct PairSTDP: SpikeTimingRule {
    /// Potentiation amplitude (weight units; for multiplicative bounds, a fraction).
    public var potentiationAmplitude: Double
    /// Depression amplitude (weight units; for multiplicative bounds, a fraction).
    public var depressionAmplitude: Double
    /// tau_plus (ms): decay of the presynaptic trace.
    public var potentiationTimeConstant: Double
    /// tau_minus (ms): decay of the postsynaptic trace.
    public var depressionTimeConstant: Double
    public var pairing: SpikePairing
    public var bounds: WeightBounds

    public init(potentiationAmplitude: Double = 0.005, depressionAmplitude: Double = 0.00525,
                potentiationTimeConstant: Double = 20, depressionTimeConstant: Double = 20,
                pairing: SpikePairing = .allToAll, bounds: WeightBounds = .additive(minimum: 0, maximum: 1)) {
        precondition(potentiationTimeConstant > 0 && depressionTimeConstant > 0, "time constants must be positive")
        precondition(potentiationAmplitude >= 0 && depressionAmplitude >= 0, "amplitudes must be non-negative")
        self.potentiationAmplitude = potentiationAmplitude
        self.depressionAmplitude = depressionAmplitude
        self.potentiationTimeConstant = potentiationTimeConstant
        self.depressionTimeConstant = depressionTimeConstant
        self.pairing = pairing
        self.bounds = bounds
    }

    /// Weight and the two traces, each stored as its value just after its
    /// last spike and that spike's time (-infinity: no spike yet).
    public struct SynapseState: Sendable, Equatable {
        public var weight: Double
        public var presynapticTrace = 0.0
        public var lastPresynapticSpike = -Double.infinity
        public var postsynapticTrace = 0.0
        public var lastPostsynapticSpike = -Double.infinity
    }

    public func synapse(weight: Double) -> SynapseState { SynapseState(weight: weight) }

    public func presynapticSpike(_ s: inout SynapseState, at t: Double) -> Double {
        let post = s.postsynapticTrace * exp(-(t - s.lastPostsynapticSpike) / depressionTimeConstant)
        if post > 0 { s.weight = bounds.depress(s.weight, by: depressionAmplitude * post) }
        let pre = s.presynapticTrace * exp(-(t - s.lastPresynapticSpike) / potentiationTimeConstant)
        s.presynapticTrace = pairing == .allToAll ? pre + 1 : 1
        s.lastPresynapticSpike = t
        return s.weight
    }

    public func postsynapticSpike(_ s: inout SynapseState, at t: Double) -> Double {
        let pre = s.presynapticTrace * exp(-(t - s.lastPresynapticSpike) / potentiationTimeConstant)
        if pre > 0 { s.weight = bounds.potentiate(s.weight, by: potentiationAmplitude * pre) }
        let post = s.postsynapticTrace * exp(-(t - s.lastPostsynapticSpike) / depressionTimeConstant)
        s.postsynapticTrace = pairing == .allToAll ? post + 1 : 1
        s.lastPostsynapticSpike = t
        return s.weight
    }
}
