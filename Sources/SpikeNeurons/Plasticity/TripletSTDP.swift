#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The triplet STDP rule of Pfister and Gerstner (J. Neurosci. 26, 9673, 2006),
/// with traces advanced exactly between spikes. Times in ms.
///
/// Presynaptic traces r1 (tau_plus) and r2 (tau_x), postsynaptic traces o1
/// (tau_minus) and o2 (tau_y), each decaying as x(t) = x(t_s) exp(-(t - t_s)/tau).
/// At a presynaptic spike: w -= o1(t) [A2_minus + A3_minus r2(t-)], then r1 and
/// r2 jump. At a postsynaptic spike: w += r1(t) [A2_plus + A3_plus o2(t-)],
/// then o1 and o2 jump (+1 all-to-all, := 1 nearest-neighbour). The triplet
/// terms read r2 and o2 just before the current spike's own jump.
/// For a single pre/post pair the window is the pair window with A2:
/// dw = A2_plus exp(-dt/tau_plus) (dt >= 0), -A2_minus exp(dt/tau_minus) (dt < 0).
public struct TripletSTDP: SpikeTimingRule {
    public var pairPotentiation: Double      // A2_plus
    public var tripletPotentiation: Double   // A3_plus
    public var pairDepression: Double        // A2_minus
    public var tripletDepression: Double     // A3_minus
    public var tauPlus: Double               // ms, r1
    public var tauX: Double                  // ms, r2
    public var tauMinus: Double              // ms, o1
    public var tauY: Double                  // ms, o2
    public var pairing: SpikePairing
    public var bounds: WeightBounds

    public init(pairPotentiation: Double, tripletPotentiation: Double, pairDepression: Double, tripletDepression: Double,
                tauPlus: Double, tauX: Double, tauMinus: Double, tauY: Double, pairing: SpikePairing,
                bounds: WeightBounds = .additive(minimum: -Double.greatestFiniteMagnitude, maximum: .greatestFiniteMagnitude)) {
        precondition([tauPlus, tauX, tauMinus, tauY].allSatisfy { $0 > 0 }, "time constants must be positive")
        self.pairPotentiation = pairPotentiation
        self.tripletPotentiation = tripletPotentiation
        self.pairDepression = pairDepression
        self.tripletDepression = tripletDepression
        self.tauPlus = tauPlus
        self.tauX = tauX
        self.tauMinus = tauMinus
        self.tauY = tauY
        self.pairing = pairing
        self.bounds = bounds
    }

    /// The minimal all-to-all model fitted to visual-cortex data (Sjöström
    /// et al. 2001) in Pfister and Gerstner 2006 (Table 4, as quoted in the
    /// literature): A2+ 5e-10, A3+ 6.2e-3, A2- 7e-3, A3- 2.3e-4, tau+ 16.8 ms,
    /// tau_x 101 ms, tau- 33.7 ms, tau_y 125 ms. It reproduces the frequency
    /// dependence of the pairing protocol (tested): potentiation grows with
    /// pairing frequency, and post-before-pre pairs turn from depression to
    /// potentiation above about 40 Hz.
    public static let visualCortexAllToAll = TripletSTDP(
        pairPotentiation: 5e-10, tripletPotentiation: 6.2e-3, pairDepression: 7e-3, tripletDepression: 2.3e-4,
        tauPlus: 16.8, tauX: 101, tauMinus: 33.7, tauY: 125, pairing: .allToAll)

    public struct SynapseState: Sendable, Equatable {
        public var weight: Double
        public var r1 = 0.0, r2 = 0.0
        public var lastPresynapticSpike = -Double.infinity
        public var o1 = 0.0, o2 = 0.0
        public var lastPostsynapticSpike = -Double.infinity
    }

    public func synapse(weight: Double) -> SynapseState { SynapseState(weight: weight) }

    public func presynapticSpike(_ s: inout SynapseState, at t: Double) -> Double {
        let sincePost = t - s.lastPostsynapticSpike
        let o1 = s.o1 * exp(-sincePost / tauMinus)
        let sincePre = t - s.lastPresynapticSpike
        let r1 = s.r1 * exp(-sincePre / tauPlus), r2 = s.r2 * exp(-sincePre / tauX)
        if o1 > 0 { s.weight = bounds.depress(s.weight, by: o1 * (pairDepression + tripletDepression * r2)) }
        s.r1 = pairing == .allToAll ? r1 + 1 : 1
        s.r2 = pairing == .allToAll ? r2 + 1 : 1
        s.lastPresynapticSpike = t
        return s.weight
    }

    public func postsynapticSpike(_ s: inout SynapseState, at t: Double) -> Double {
        let sincePre = t - s.lastPresynapticSpike
        let r1 = s.r1 * exp(-sincePre / tauPlus)
        let sincePost = t - s.lastPostsynapticSpike
        let o1 = s.o1 * exp(-sincePost / tauMinus), o2 = s.o2 * exp(-sincePost / tauY)
        if r1 > 0 { s.weight = bounds.potentiate(s.weight, by: r1 * (pairPotentiation + tripletPotentiation * o2)) }
        s.o1 = pairing == .allToAll ? o1 + 1 : 1
        s.o2 = pairing == .allToAll ? o2 + 1 : 1
        s.lastPostsynapticSpike = t
        return s.weight
    }
}
