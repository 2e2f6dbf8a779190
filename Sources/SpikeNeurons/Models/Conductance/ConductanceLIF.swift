import Diagnostics
import Foundation

/// Leaky integrate-and-fire neurons with exponentially decaying synaptic
/// conductances (NEST's `iaf_cond_exp`; the COBA network of Brette et al.
/// 2007, Benchmark 1):
///   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e
///   dg_ex/dt = -g_ex / tau_ex,  dg_in/dt = -g_in / tau_in
/// V >= V_th: spike, V held at V_reset for t_ref while the conductances go on.
/// Between inputs V has no closed form unless tau_ex = tau_in (incomplete
/// gamma functions), so `ConductancePopulation` integrates it; the
/// conductances are exact. With E_L = E_ex = E_in = E it does:
/// V - E = (V0 - E) exp(-(g_L s + g_ex tau_ex (1 - e^(-s/tau_ex)) + g_in tau_in (1 - e^(-s/tau_in))) / C_m),
/// the test oracle.
public struct ConductanceLIF: ConductanceDynamics {
    public static let schema = ModelSchema(
        name: "lif_cond_exp",
        summary: "leaky integrate-and-fire with exponential conductances (NEST iaf_cond_exp, COBA); Dormand-Prince 5(4), crossings to 1e-12 ms of its interpolant",
        equations: [
            "c_m dV/dt = -g_leak (V - v_rest) - g_ex (V - e_ex) - g_in (V - e_in) + i_e",
            ConductanceSchema.synapseEquation,
            "V >= v_threshold: spike, V = v_reset for t_refractory",
        ],
        parameters: [
            ParameterSpec("c_m", .capacitance, default: .scalar(250), bounds: .positive, "membrane capacitance"),
            ParameterSpec("g_leak", .conductance, default: .scalar(16.6667), bounds: .positive, "leak conductance"),
            ParameterSpec("v_rest", .voltage, "resting potential E_L"),
        ] + ConductanceSchema.synapseParameters + IntegrateAndFireSchema.parameters(refractoryDefault: .scalar(2)),
        variables: IntegrateAndFireSchema.variables + ConductanceSchema.conductanceVariables,
        weightDimension: .conductance,
        acceptsCurrent: true,
        constraints: IntegrateAndFireSchema.constraints)

    public var synapticRates: SIMD2<Double> { synapses.rates }
    public let spikePotential: Double
    public let resetPotential: Double
    public let refractoryPeriod: Double
    public let tolerance: SIMD2<Double>
    private let capacitance: Double
    private let leak: Double
    private let restingPotential: Double
    private let synapses: ConductanceSynapses

    public init(parameters values: ParameterValues) {
        capacitance = values.scalar("c_m")
        leak = values.scalar("g_leak")
        restingPotential = values.scalar("v_rest")
        synapses = ConductanceSynapses(values)
        spikePotential = values.scalar("v_threshold")
        resetPotential = values.scalar("v_reset")
        refractoryPeriod = values.scalar("t_refractory")
        tolerance = SIMD2(synapses.voltageTolerance, 1)
    }

    public static func initialState(_ values: ParameterValues, context: PopulationContext) -> [SIMD2<Double>] {
        context.perNode(values.perNode("v_init"), purpose: "v_init").map { SIMD2($0, 0) }
    }

    @inline(__always)
    public func derivative(_ y: SIMD2<Double>, _ g: SIMD2<Double>, injected: Double) -> SIMD2<Double> {
        SIMD2((leak * (restingPotential - y.x) + synapses.current(g, at: y.x, injected: injected)) / capacitance, 0)
    }

    public func adaptationAfterSpike(_ w: Double) -> Double { 0 }
    public func adaptationWhileReset(_ w: Double, after s: Double) -> Double { 0 }

    /// At V = V_th the current is at most what it is now with the
    /// conductances' depolarising parts kept and their hyperpolarising
    /// parts dropped (each only decays), and the injected current as it is
    /// now if it does not rise: when that is <= 0, V cannot pass V_th.
    public func cannotSpike(_ y: SIMD2<Double>, _ g: SIMD2<Double>, injected: SIMD2<Double>) -> Bool {
        guard injected.y <= 0 else { return false }
        let drive = pointwiseMax(g * (synapses.reversal - spikePotential), .zero).sum()
        return y.x < spikePotential && leak * (restingPotential - spikePotential) + drive + synapses.inputCurrent + injected.x <= 0
    }

    public func recorded(_ variable: Int, _ y: SIMD2<Double>, _ g: SIMD2<Double>) -> Double {
        variable == 0 ? y.x : g[variable - 1]
    }
}
