import Diagnostics
import EventCore
import Foundation

/// Leaky integrate-and-fire neurons with exponentially decaying synaptic
/// currents (NEST's `iaf_psc_exp_ps`), advanced exactly between events.
///
/// Dynamics, with R = tau_m / C_m and V_inf = E_L + R I_e:
///   tau_m dV/dt = -(V - E_L) + R (I_ex + I_in + I_e)
///   dI_ex/dt = -I_ex / tau_ex,  dI_in/dt = -I_in / tau_in
/// An input of weight J (pA) adds J to I_ex if J >= 0, to I_in otherwise,
/// also while refractory. V >= V_th: spike, V held at V_reset for t_ref
/// while the currents go on decaying.
/// Between events, s after a state (V, I_ex, I_in):
///   V(s) = V_inf + (V - V_inf - A_ex - A_in) e^(-s/tau_m) + A_ex e^(-s/tau_ex) + A_in e^(-s/tau_in),
///   A_x = R I_x tau_x / (tau_x - tau_m),  I_x(s) = I_x e^(-s/tau_x).
/// (tau_x = tau_m would need another closed form and is refused.)
///
/// Threshold crossings are searched in that closed form (`ExponentialSum`,
/// to 1e-12 ms), lazily: each neuron's heap key is a time before which it
/// certainly does not cross, made exact only when it reaches the front of
/// the heap, in two steps. An inhibitory input can only delay a crossing,
/// so it leaves the key (now a bound) alone; an excitatory one sets it to
/// t + (V_th - V) / S, where S, the sum of the positive parts of the
/// terms' slopes at t, bounds dV/dt from above for ever after (no
/// exponential). At the front, a bound is first tightened by Newton steps
/// on an upper envelope of V (`ExponentialSum.lowerBound`, a few
/// exponentials); only a tightened bound that reaches the front again gets
/// the exact search. (Measured on CUBA, 4,000 cells: the slope bound alone
/// led to 13 searches per spike.)
///
/// Each neuron keeps its state at the time of its last event, so an input
/// costs three exponentials; a spike, one search.
public struct ExponentialCurrentLIFPopulation: EventDrivenPopulation {
    public static let schema = ModelSchema(
        name: "lif_exp",
        summary: "leaky integrate-and-fire with exponential current synapses (NEST iaf_psc_exp_ps); exact, crossings to 1e-12 ms",
        equations: [
            "tau_m dV/dt = -(V - v_rest) + (tau_m / c_m) (I_ex + I_in + i_e)",
            "dI_ex/dt = -I_ex / tau_syn_ex, dI_in/dt = -I_in / tau_syn_in",
            "input of weight w (pA): I_ex += w if w >= 0, else I_in += w (also while refractory)",
            "V >= v_threshold: spike, V = v_reset for t_refractory",
        ],
        parameters: [
            ParameterSpec("tau_m", .time, bounds: .positive, "membrane time constant"),
            ParameterSpec("c_m", .capacitance, default: .scalar(250), bounds: .positive, "membrane capacitance"),
            ParameterSpec("v_rest", .voltage, "resting potential E_L"),
            ParameterSpec("i_e", .current, default: .scalar(0), "constant input current"),
            ParameterSpec("tau_syn_ex", .time, default: .scalar(2), bounds: .positive, "decay time of excitatory currents"),
            ParameterSpec("tau_syn_in", .time, default: .scalar(2), bounds: .positive, "decay time of inhibitory currents"),
        ] + IntegrateAndFireSchema.parameters(refractoryDefault: .scalar(2)),
        variables: IntegrateAndFireSchema.variables + [
            VariableSpec("i_syn_ex", .current, "excitatory synaptic current"),
            VariableSpec("i_syn_in", .current, "inhibitory synaptic current"),
        ],
        weightDimension: .current,
        constraints: IntegrateAndFireSchema.constraints + ["tau_syn_ex", "tau_syn_in"].map { name in
            .init(parameter: name, message: "must differ from tau_m (by more than 1 part in 10^6; the closed form divides by the difference)") {
                abs($0.scalar(name) - $0.scalar("tau_m")) > 1e-6 * $0.scalar("tau_m")
            }
        })

    public let size: Int
    private let restingPotential: Double
    private let thresholdPotential: Double
    private let resetPotential: Double
    private let refractoryPeriod: Double
    /// V_inf (mV).
    private let asymptote: Double
    /// 1/tau_m, 1/tau_ex, 1/tau_in (1/ms).
    private let rates: SIMD3<Double>
    /// A_x / I_x = R tau_x / (tau_x - tau_m) for x = ex, in (mV/pA).
    private let currentGain: SIMD2<Double>

    /// Per neuron: time of the state (ms), V (mV), I_ex and I_in (pA), end of refractoriness (ms).
    private var stateTime: [Double]
    private var potential: [Double]
    private var currents: [SIMD2<Double>]
    private var releaseTime: [Double]
    /// Keys: a time before which the neuron does not cross, of `precision`.
    private var crossings: IndexedMinHeap
    private var precision: [KeyPrecision]

    /// What a neuron's heap key is.
    enum KeyPrecision: UInt8, Codable, Sendable {
        /// From the slope bound: tighten at the front.
        case slopeBound
        /// From the envelope: search at the front.
        case envelopeBound
        /// The next crossing (or +infinity: none).
        case exact
    }

    public init(parameters values: ParameterValues, context: PopulationContext) {
        let potentials = context.perNode(values.perNode("v_init"), purpose: "v_init")
        size = potentials.count
        let (tauM, capacitance) = (values.scalar("tau_m"), values.scalar("c_m"))
        let (tauEx, tauIn) = (values.scalar("tau_syn_ex"), values.scalar("tau_syn_in"))
        restingPotential = values.scalar("v_rest")
        thresholdPotential = values.scalar("v_threshold")
        resetPotential = values.scalar("v_reset")
        refractoryPeriod = values.scalar("t_refractory")
        let resistance = tauM / capacitance
        asymptote = restingPotential + resistance * values.scalar("i_e")
        rates = SIMD3(1 / tauM, 1 / tauEx, 1 / tauIn)
        currentGain = SIMD2(resistance * tauEx / (tauEx - tauM), resistance * tauIn / (tauIn - tauM))
        stateTime = Array(repeating: context.startTime, count: size)
        potential = potentials
        currents = Array(repeating: .zero, count: size)
        releaseTime = Array(repeating: -.infinity, count: size)
        crossings = IndexedMinHeap(keys: Array(repeating: context.startTime, count: size))
        precision = Array(repeating: .slopeBound, count: size)
        for node in 0..<size { crossings.setKey(earliestCrossing(node), of: node) }
        settleFront()
    }

    public func nextEmissionTime() -> Double { crossings.minKey }

    public mutating func receive(weight: Double, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for target in targets { apply(weight, to: Int(target), at: time) }
        settleFront()
    }

    public mutating func receive(weights: UnsafeBufferPointer<Double>, at time: Double, targets: UnsafeBufferPointer<UInt32>) {
        for (target, weight) in zip(targets, weights) { apply(weight, to: Int(target), at: time) }
        settleFront()
    }

    private mutating func apply(_ weight: Double, to node: Int, at time: Double) {
        advance(node, to: time)
        if weight >= 0 { currents[node].x += weight } else { currents[node].y += weight }
        // An inhibitory input only delays the crossing: the key stays a valid bound.
        if weight < 0 {
            if crossings.key(of: node).isFinite && precision[node] == .exact { precision[node] = .envelopeBound }
        } else if time >= releaseTime[node] {
            crossings.setKey(earliestCrossing(node), of: node)
        }
    }

    public mutating func emit(at time: Double) -> Int {
        guard let node = crossings.minSlot else { preconditionFailure("emit() with no pending crossing") }
        advance(node, to: time)
        potential[node] = resetPotential
        releaseTime[node] = time + refractoryPeriod
        // No crossing before the release; the state is searched again from there.
        crossings.setKey(releaseTime[node], of: node)
        precision[node] = .slopeBound
        settleFront()
        return node
    }

    public mutating func value(of variable: Int, node: Int, at time: Double) -> Double {
        let (v, current) = propagated(node, to: time)
        switch variable {
        case 0: return v
        case 1: return current.x
        default: return current.y
        }
    }

    // MARK: Dynamics

    /// Moves a neuron's state to `time` (>= its state time) in closed form.
    private mutating func advance(_ node: Int, to time: Double) {
        (potential[node], currents[node]) = propagated(node, to: time)
        stateTime[node] = time
    }

    /// V and the currents at `time`, from the stored state: V is held at
    /// V_reset until the release, then relaxes from there.
    private func propagated(_ node: Int, to time: Double) -> (Double, SIMD2<Double>) {
        var (start, v, current) = (stateTime[node], potential[node], currents[node])
        if start < releaseTime[node] {
            let release = min(time, releaseTime[node])
            current *= decays(release - start)
            (start, v) = (release, resetPotential)
            if time <= releaseTime[node] { return (v, current) }
        }
        if time == start { return (v, current) }
        let e = SIMD3(exp(-(time - start) * rates.x), exp(-(time - start) * rates.y), exp(-(time - start) * rates.z))
        let amplitudes = currentGain * current
        let v1 = asymptote + (v - asymptote - amplitudes.sum()) * e.x + amplitudes.x * e.y + amplitudes.y * e.z
        return (v1, current * SIMD2(e.y, e.z))
    }

    private func decays(_ s: Double) -> SIMD2<Double> { SIMD2(exp(-s * rates.y), exp(-s * rates.z)) }

    /// The distance to threshold from the neuron's first possible crossing
    /// on: from its state, or from its release if it is refractory then.
    private func trajectory(_ node: Int) -> ExponentialSum {
        let start = max(stateTime[node], releaseTime[node])
        let (v, current) = propagated(node, to: start)
        let amplitudes = currentGain * current
        return ExponentialSum(origin: start, constant: asymptote - thresholdPotential,
                              coefficients: SIMD3(v - asymptote - amplitudes.sum(), amplitudes.x, amplitudes.y), rates: rates)
    }

    /// A time before which the neuron cannot cross (its state time plus the
    /// distance to threshold over the largest slope it can ever have), not exact.
    private mutating func earliestCrossing(_ node: Int) -> Double {
        precision[node] = .slopeBound
        let f = trajectory(node)
        let distance = -(f.constant + f.coefficients.sum())
        guard distance > 0 else {
            precision[node] = .exact
            return f.origin
        }
        let slopeBound = pointwiseMax(-f.coefficients * f.rates, .zero).sum()
        guard slopeBound > 0 else {
            // V never rises again: no crossing, for sure.
            precision[node] = .exact
            return .infinity
        }
        return f.origin + distance / slopeBound
    }

    /// Tightens the bound at the front of the heap, then searches it, until
    /// the front is exact, so that `nextEmissionTime` is the next spike.
    private mutating func settleFront() {
        while let node = crossings.minSlot, precision[node] != .exact, crossings.minKey.isFinite {
            let bound = crossings.minKey
            let f = trajectory(node)
            let start = max(bound, f.origin)
            if precision[node] == .slopeBound {
                let (tighter, never) = f.lowerBound(after: start)
                crossings.setKey(max(tighter, start), of: node)
                precision[node] = never ? .exact : .envelopeBound
            } else {
                crossings.setKey(f.firstCrossing(after: start), of: node)
                precision[node] = .exact
            }
        }
    }

    // MARK: Checkpoints

    public struct State: Sendable, Codable, Equatable {
        var stateTime: [Double]
        var potential: [Double]
        var excitatory: [Double]
        var inhibitory: [Double]
        var releaseTime: [Double]
        var keys: [Double]
        var precision: [KeyPrecision]
    }

    public var state: State {
        State(stateTime: stateTime, potential: potential, excitatory: currents.map(\.x), inhibitory: currents.map(\.y),
              releaseTime: releaseTime, keys: crossings.keysBySlot, precision: precision)
    }

    public mutating func restore(_ saved: State) throws(InputError) {
        let arrays = [saved.stateTime, saved.potential, saved.excitatory, saved.inhibitory, saved.releaseTime, saved.keys]
        guard arrays.allSatisfy({ $0.count == size }), saved.precision.count == size,
              arrays.dropLast(2).allSatisfy({ $0.allSatisfy(\.isFinite) }),
              !saved.releaseTime.contains(where: \.isNaN), !saved.keys.contains(where: \.isNaN)
        else { throw InputError(message: "saved lif_exp state does not match a population of \(size) neurons") }
        stateTime = saved.stateTime
        potential = saved.potential
        currents = zip(saved.excitatory, saved.inhibitory).map { SIMD2($0, $1) }
        releaseTime = saved.releaseTime
        crossings = IndexedMinHeap(keys: saved.keys)
        precision = saved.precision
    }
}
