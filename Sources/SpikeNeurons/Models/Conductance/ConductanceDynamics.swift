import Diagnostics

/// The subthreshold dynamics of a conductance-based integrate-and-fire
/// model, as `ConductancePopulation` integrates them: a state y = (V, w)
/// (membrane potential in mV, adaptation current in pA; w = 0 for models
/// without adaptation) driven by an excitatory and an inhibitory
/// conductance g = (g_ex, g_in) in nS, each decaying exponentially between
/// inputs, and by an injected current (current inputs, pA) besides I_e. A
/// spike is registered when V reaches `spikePotential`; V is then held at
/// `resetPotential` for `refractoryPeriod`.
public protocol ConductanceDynamics: Sendable {
    static var schema: ModelSchema { get }
    init(parameters: ParameterValues)
    /// (dV/dt in mV/ms, dw/dt in pA/ms) at y with conductances g and injected current `injected` (pA).
    func derivative(_ y: SIMD2<Double>, _ g: SIMD2<Double>, injected: Double) -> SIMD2<Double>
    /// 1/tau_syn_ex, 1/tau_syn_in (1/ms).
    var synapticRates: SIMD2<Double> { get }
    /// V at which a spike is registered (mV).
    var spikePotential: Double { get }
    var resetPotential: Double { get }
    /// ms
    var refractoryPeriod: Double { get }
    /// Initial (V, w) of population node `node`, from the validated parameters.
    static func initialState(_ values: ParameterValues, context: PopulationContext) -> [SIMD2<Double>]
    /// Error allowed per integration step in V (mV) and w (pA).
    var tolerance: SIMD2<Double> { get }
    /// w just after a spike, from w just before.
    func adaptationAfterSpike(_ w: Double) -> Double
    /// w after `s` ms with V held at the reset potential, from w.
    func adaptationWhileReset(_ w: Double, after s: Double) -> Double
    /// True only if y, with conductances that only decay from g on and the
    /// injected current a + k s (`injected` = (a in pA, k in pA/ms)), cannot
    /// reach `spikePotential` before another input.
    func cannotSpike(_ y: SIMD2<Double>, _ g: SIMD2<Double>, injected: SIMD2<Double>) -> Bool
    /// Recorded variable `variable` (an index into `schema.variables`).
    func recorded(_ variable: Int, _ y: SIMD2<Double>, _ g: SIMD2<Double>) -> Double
}

/// Parameters and variables both conductance models share.
enum ConductanceSchema {
    static let synapseParameters = [
        ParameterSpec("e_ex", .voltage, default: .scalar(0), "excitatory reversal potential"),
        ParameterSpec("e_in", .voltage, default: .scalar(-85), "inhibitory reversal potential"),
        ParameterSpec("tau_syn_ex", .time, default: .scalar(0.2), bounds: .positive, "decay time of excitatory conductances"),
        ParameterSpec("tau_syn_in", .time, default: .scalar(2), bounds: .positive, "decay time of inhibitory conductances"),
        ParameterSpec("i_e", .current, kind: .perNode, default: .scalar(0), "constant input current"),
        ParameterSpec("g_ex_init", .conductance, kind: .perNode, default: .scalar(0), bounds: .nonNegative, "initial excitatory conductance"),
        ParameterSpec("g_in_init", .conductance, kind: .perNode, default: .scalar(0), bounds: .nonNegative, "initial inhibitory conductance"),
        ParameterSpec("v_tolerance", .voltage, default: .scalar(1e-6), bounds: Bounds(lower: 1e-12, upper: 1),
                      "error allowed in V per integration step"),
    ]

    static let synapseEquation = "dg_ex/dt = -g_ex / tau_syn_ex, dg_in/dt = -g_in / tau_syn_in; input of weight w (nS): g_ex += w if w >= 0, else g_in -= w"

    static let conductanceVariables = [
        VariableSpec("g_ex", .conductance, "excitatory conductance"),
        VariableSpec("g_in", .conductance, "inhibitory conductance"),
    ]
}

/// The two exponential conductances and the constant current of both
/// models: their rates, reversal potentials and the current they drive.
struct ConductanceSynapses: Sendable {
    /// 1/tau_syn_ex, 1/tau_syn_in (1/ms).
    let rates: SIMD2<Double>
    /// E_ex, E_in (mV).
    let reversal: SIMD2<Double>
    /// I_e (pA) when it is one value for every node; per-node values are the nodes' injected current instead.
    let inputCurrent: Double
    /// v_tolerance (mV).
    let voltageTolerance: Double

    init(_ values: ParameterValues) {
        rates = SIMD2(1 / values.scalar("tau_syn_ex"), 1 / values.scalar("tau_syn_in"))
        reversal = SIMD2(values.scalar("e_ex"), values.scalar("e_in"))
        if case let .scalar(current) = values.perNode("i_e") { inputCurrent = current } else { inputCurrent = 0 }
        voltageTolerance = values.scalar("v_tolerance")
    }

    /// g_ex (E_ex - V) + g_in (E_in - V) + I_e + the injected current (pA).
    @inline(__always)
    func current(_ g: SIMD2<Double>, at v: Double, injected: Double) -> Double {
        (g * (reversal - v)).sum() + inputCurrent + injected
    }
}
