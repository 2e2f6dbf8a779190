import Diagnostics
import Foundation

/// The adaptive exponential integrate-and-fire neuron (Brette and Gerstner
/// 2005) with exponential conductances, as NEST's `aeif_cond_exp`:
///   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T) / Delta_T)
///               - g_ex (V - E_ex) - g_in (V - E_in) - w + I_e
///   tau_w dw/dt = a (V - E_L) - w
/// V >= V_peak: spike, V = V_reset, w += b, V held at V_reset for t_ref
/// (w relaxes then in closed form towards a (V_reset - E_L)). As in NEST,
/// the exponential takes min(V, V_peak), so a trial step past the peak
/// cannot overflow. Integrated by `ConductancePopulation` (Dormand-Prince
/// 5(4), errors per step |dV| <= v_tolerance, |dw| <= w_tolerance).
///
/// With a = b = 0 and no input, V alone obeys C dV/dt = F(V), so the time
/// from V0 to V_peak is the integral of C / F from V0 to V_peak: the test
/// oracle.
public struct AdaptiveExponentialIF: ConductanceDynamics {
    public static let schema = ModelSchema(
        name: "aeif_cond_exp",
        summary: "adaptive exponential integrate-and-fire with exponential conductances (NEST aeif_cond_exp); Dormand-Prince 5(4), crossings of v_peak to 1e-12 ms of its interpolant",
        equations: [
            "c_m dV/dt = -g_leak (V - v_rest) + g_leak delta_t exp((V - v_threshold) / delta_t) - g_ex (V - e_ex) - g_in (V - e_in) - w + i_e",
            "tau_w dw/dt = a (V - v_rest) - w",
            ConductanceSchema.synapseEquation,
            "V >= v_peak: spike, V = v_reset, w += b, V held at v_reset for t_refractory",
        ],
        parameters: [
            ParameterSpec("c_m", .capacitance, default: .scalar(281), bounds: .positive, "membrane capacitance"),
            ParameterSpec("g_leak", .conductance, default: .scalar(30), bounds: .positive, "leak conductance"),
            ParameterSpec("v_rest", .voltage, default: .scalar(-70.6), "resting potential E_L"),
            ParameterSpec("v_threshold", .voltage, default: .scalar(-50.4), "threshold of the exponential term V_T"),
            ParameterSpec("delta_t", .voltage, default: .scalar(2), bounds: .positive, "slope factor Delta_T"),
            ParameterSpec("v_peak", .voltage, default: .scalar(0), "potential at which a spike is registered"),
            ParameterSpec("v_reset", .voltage, default: .scalar(-60), "potential after a spike"),
            ParameterSpec("t_refractory", .time, default: .scalar(0), bounds: .nonNegative, "refractory period"),
            ParameterSpec("a", .conductance, default: .scalar(4), "subthreshold adaptation"),
            ParameterSpec("b", .current, default: .scalar(80.5), "spike-triggered adaptation"),
            ParameterSpec("tau_w", .time, default: .scalar(144), bounds: .positive, "adaptation time constant"),
            ParameterSpec("w_tolerance", .current, default: .scalar(1e-6), bounds: Bounds(lower: 1e-12, upper: 1),
                          "error allowed in w per integration step"),
            ParameterSpec("v_init", .voltage, kind: .perNode, default: .scalar(-70.6), "initial membrane potential"),
            ParameterSpec("w_init", .current, kind: .perNode, default: .scalar(0), "initial adaptation current"),
        ] + ConductanceSchema.synapseParameters,
        variables: IntegrateAndFireSchema.variables + [VariableSpec("w", .current, "adaptation current")]
            + ConductanceSchema.conductanceVariables,
        weightDimension: .conductance,
        acceptsCurrent: true,
        constraints: [
            .init(parameter: "v_reset", message: "must be below v_peak") { $0.scalar("v_reset") < $0.scalar("v_peak") },
            .init(parameter: "v_peak", message: "must be above v_threshold") { $0.scalar("v_peak") > $0.scalar("v_threshold") },
            // e^600 ~ 1e260: the exponential term at the peak stays a finite double.
            .init(parameter: "delta_t", message: "must exceed (v_peak - v_threshold) / 600") {
                ($0.scalar("v_peak") - $0.scalar("v_threshold")) / $0.scalar("delta_t") < 600
            },
        ])

    public var synapticRates: SIMD2<Double> { synapses.rates }
    public let spikePotential: Double
    public let resetPotential: Double
    public let refractoryPeriod: Double
    public let tolerance: SIMD2<Double>
    private let capacitance: Double
    private let leak: Double
    private let restingPotential: Double
    private let thresholdPotential: Double
    private let slopeFactor: Double
    private let subthresholdAdaptation: Double
    private let spikeAdaptation: Double
    private let adaptationRate: Double
    private let synapses: ConductanceSynapses
    /// The stable resting state without input, if there is one (V mV, w pA).
    private var rest: SIMD2<Double>? = nil

    public init(parameters values: ParameterValues) {
        capacitance = values.scalar("c_m")
        leak = values.scalar("g_leak")
        restingPotential = values.scalar("v_rest")
        thresholdPotential = values.scalar("v_threshold")
        slopeFactor = values.scalar("delta_t")
        subthresholdAdaptation = values.scalar("a")
        spikeAdaptation = values.scalar("b")
        adaptationRate = 1 / values.scalar("tau_w")
        synapses = ConductanceSynapses(values)
        spikePotential = values.scalar("v_peak")
        resetPotential = values.scalar("v_reset")
        refractoryPeriod = values.scalar("t_refractory")
        tolerance = SIMD2(synapses.voltageTolerance, values.scalar("w_tolerance"))
        rest = restingState()
    }

    public static func initialState(_ values: ParameterValues, context: PopulationContext) -> [SIMD2<Double>] {
        let v = context.perNode(values.perNode("v_init"), purpose: "v_init")
        let w = context.perNode(values.perNode("w_init"), purpose: "w_init")
        return zip(v, w).map { SIMD2($0, $1) }
    }

    @inline(__always)
    public func derivative(_ y: SIMD2<Double>, _ g: SIMD2<Double>, injected: Double) -> SIMD2<Double> {
        let v = y.x, w = y.y
        let spikeCurrent = leak * slopeFactor * exp((min(v, spikePotential) - thresholdPotential) / slopeFactor)
        let current = leak * (restingPotential - v) + spikeCurrent + synapses.current(g, at: v, injected: injected) - w
        return SIMD2(current / capacitance, (subthresholdAdaptation * (v - restingPotential) - w) * adaptationRate)
    }

    public func adaptationAfterSpike(_ w: Double) -> Double { w + spikeAdaptation }

    public func adaptationWhileReset(_ w: Double, after s: Double) -> Double {
        let target = subthresholdAdaptation * (resetPotential - restingPotential)
        return target + (w - target) * exp(-s * adaptationRate)
    }

    /// At the stable resting state (within the tolerances) with conductance
    /// currents below what could move V by v_tolerance: a spike would need
    /// a perturbation the linearisation says decays. (No proof as for
    /// `lif_cond_exp`; without a stable rest, or under a changing injected
    /// current, never). Under a constant injected current the rest moves: a
    /// cell whose V has (nearly) settled looks for it by Newton's method from
    /// its V, so that a cell at rest under a step is not stepped to the end.
    public func cannotSpike(_ y: SIMD2<Double>, _ g: SIMD2<Double>, injected: SIMD2<Double>) -> Bool {
        guard injected.y == 0 else { return false }
        let rest: SIMD2<Double>?
        if injected.x == 0 {
            rest = self.rest
        } else {
            // One exponential rules out a cell still moving (at rest within the tolerance, |dV/dt| is far below it per ms).
            guard abs(derivative(y, .zero, injected: injected.x).x) <= tolerance.x else { return false }
            rest = restingState(near: y.x, injected: injected.x)
        }
        guard let rest else { return false }
        let pull = synapses.reversal - y.x, offset = y - rest
        let drive = (g * pointwiseMax(pull, -pull)).sum()
        return abs(offset.x) <= tolerance.x && abs(offset.y) <= tolerance.y && drive <= leak * tolerance.x
    }

    public func recorded(_ variable: Int, _ y: SIMD2<Double>, _ g: SIMD2<Double>) -> Double {
        variable < 2 ? y[variable] : g[variable - 2]
    }

    /// The lower fixed point under I_e + `injected`, by Newton's method on F
    /// from `v` (see `restingState()`), if it converges there (to 1e-12 mV in
    /// at most 20 steps) below F's minimum and the Jacobian's trace is negative.
    private func restingState(near v: Double, injected: Double) -> SIMD2<Double>? {
        let slope = leak + subthresholdAdaptation
        guard slope > 0 else { return nil }
        let minimum = thresholdPotential + slopeFactor * log(slope / leak)
        var v = min(v, minimum)
        for _ in 0..<20 {
            let spike = exp((v - thresholdPotential) / slopeFactor)
            let f = leak * (restingPotential - v) + leak * slopeFactor * spike - subthresholdAdaptation * (v - restingPotential)
                + synapses.inputCurrent + injected
            let step = f / (leak * spike - slope)
            v -= step
            guard v < minimum else { return nil }
            if abs(step) <= 1e-12 {
                let trace = leak * (exp((v - thresholdPotential) / slopeFactor) - 1) / capacitance - adaptationRate
                return trace < 0 ? SIMD2(v, subthresholdAdaptation * (v - restingPotential)) : nil
            }
        }
        return nil
    }

    /// The lower fixed point of the input-free dynamics, w* = a (V* - E_L) and
    /// F(V*) = g_L (E_L - V*) + g_L Delta_T e^((V* - V_T)/Delta_T) - a (V* - E_L) + I_e = 0,
    /// if it exists and the Jacobian there has negative trace (det > 0 holds
    /// at the lower root, where F' < 0). F is convex with its minimum at
    /// V_T + Delta_T ln((g_L + a) / g_L); the root is bisected below that.
    private func restingState() -> SIMD2<Double>? {
        let slope = leak + subthresholdAdaptation
        guard slope > 0 else { return nil }
        let f: (Double) -> Double = { v in
            leak * (restingPotential - v) + leak * slopeFactor * exp((v - thresholdPotential) / slopeFactor)
                - subthresholdAdaptation * (v - restingPotential) + synapses.inputCurrent
        }
        let minimum = thresholdPotential + slopeFactor * log(slope / leak)
        guard f(minimum) < 0 else { return nil }
        // Below this, F > slope (E_L - V) + I_e > 0.
        var (low, high) = (min(minimum, restingPotential + synapses.inputCurrent / slope) - 1, minimum)
        for _ in 0..<200 where high - low > 1e-13 {
            let middle = (low + high) / 2
            if f(middle) > 0 { low = middle } else { high = middle }
        }
        let v = (low + high) / 2
        let trace = leak * (exp((v - thresholdPotential) / slopeFactor) - 1) / capacitance - adaptationRate
        return trace < 0 ? SIMD2(v, subthresholdAdaptation * (v - restingPotential)) : nil
    }
}
