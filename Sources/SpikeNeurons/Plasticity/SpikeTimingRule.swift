/// A spike-timing-dependent plasticity rule, as a projection uses it: each
/// synapse keeps a small state (weight and traces); the projection calls
/// `presynapticSpike` when the synapse's source spikes and
/// `postsynapticSpike` when its target spikes, each returning the new weight.
///
/// Traces decay exponentially between spikes and are advanced in closed form
/// at each call (nothing happens between events). Calls on one synapse must
/// come in non-decreasing time; at equal times the caller's call order is the
/// order of the spikes (a pre call before a post call at the same time counts
/// the pair as pre-before-post, dt = 0+, and potentiates). Times in ms.
public protocol SpikeTimingRule: Sendable {
    associatedtype SynapseState: Sendable
    /// A fresh synapse with the given weight and empty traces.
    func synapse(weight: Double) -> SynapseState
    /// Applies the update due to a presynaptic spike at time t; returns the new weight.
    func presynapticSpike(_ synapse: inout SynapseState, at t: Double) -> Double
    /// Applies the update due to a postsynaptic spike at time t; returns the new weight.
    func postsynapticSpike(_ synapse: inout SynapseState, at t: Double) -> Double
}

/// How spikes pair up in trace-based STDP.
public enum SpikePairing: String, Sendable, Codable {
    /// Every earlier spike contributes: a spike adds 1 to its trace.
    case allToAll
    /// Only the most recent spike contributes: a spike sets its trace to 1.
    case nearestNeighbour
}

/// Where weight changes stop.
public enum WeightBounds: Sendable, Equatable {
    /// dw is applied as is and w is clipped to [minimum, maximum].
    case additive(minimum: Double, maximum: Double)
    /// Soft bounds: potentiation scales with (maximum - w), depression with
    /// (w - minimum), so w approaches but never crosses the bounds.
    case multiplicative(minimum: Double, maximum: Double)

    /// The weight after potentiation by `amount` (>= 0).
    @inlinable
    func potentiate(_ w: Double, by amount: Double) -> Double {
        switch self {
        case let .additive(minimum, maximum): min(max(w + amount, minimum), maximum)
        case let .multiplicative(_, maximum): w + amount * (maximum - w)
        }
    }

    /// The weight after depression by `amount` (>= 0).
    @inlinable
    func depress(_ w: Double, by amount: Double) -> Double {
        switch self {
        case let .additive(minimum, maximum): min(max(w - amount, minimum), maximum)
        case let .multiplicative(minimum, _): w - amount * (w - minimum)
        }
    }
}
