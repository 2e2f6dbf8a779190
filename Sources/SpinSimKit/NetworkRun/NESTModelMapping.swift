import Diagnostics
import SpikeNeurons

/// How a SONATA circuit's NEST point-neuron models (BMTK `model_template =
/// "nest:<name>"`) become SpinSim models. NEST's units are SpinSim's
/// internal ones (mV, ms, pF, pA), so values are taken as they are; a
/// parameter the file leaves out takes NEST's default, as NEST would.
///
/// | NEST (`iaf_psc_delta`, `iaf_psc_delta_ps`) | SpinSim `lif` |
/// |---|---|
/// | `tau_m` (ms, default 10) | `tau_m` |
/// | `E_L` (mV, -70), `I_e` (pA, 0), `C_m` (pF, 250) | `v_rest = E_L + I_e tau_m / C_m` (a constant current shifts the rest exactly) |
/// | `V_th` (mV, -55) | `v_threshold` |
/// | `V_reset` (mV, -70) | `v_reset` |
/// | `t_ref` (ms, 2) | `t_refractory` |
/// | `V_m` (mV, -70) | `v_init` |
/// | `V_min` | refused: SpinSim's LIF has no lower bound |
/// | `refractory_input = true` | refused: inputs during refractoriness are dropped, as NEST's default |
///
/// SpinSim is exact in continuous time, as NEST's `iaf_psc_delta_ps`;
/// NEST's `iaf_psc_delta` puts spikes on its time grid, so its spike times
/// differ from SpinSim's by up to its resolution.
enum NESTModelMapping {
    /// NEST models SpinSim runs, by name without the `nest:` prefix.
    static let models = ["iaf_psc_delta", "iaf_psc_delta_ps"]

    /// NEST's defaults of the parameters read.
    private static let defaults: [String: Double] = [
        "tau_m": 10, "E_L": -70, "I_e": 0, "C_m": 250, "V_th": -55, "V_reset": -70, "t_ref": 2, "V_m": -70,
    ]

    /// The SpinSim model and parameters of NEST model `name` with `given`
    /// parameters (numbers, and `refractory_input` as a bool); errors name the NEST parameter.
    static func lif(model name: String, _ given: [String: Double]) throws(InputError) -> (ModelKind, ParameterValues) {
        guard models.contains(name) else {
            throw InputError(message: "unknown model nest:\(name) (SpinSim runs \(models.map { "nest:\($0)" }.joined(separator: ", ")) and virtual nodes)")
        }
        if let unknown = given.keys.sorted().first(where: { defaults[$0] == nil && $0 != "V_min" && $0 != "refractory_input" }) {
            throw InputError(field: unknown, message: "is not a parameter of nest:\(name) that SpinSim maps (\(defaults.keys.sorted().joined(separator: ", ")))")
        }
        if given["V_min"] != nil { throw InputError(field: "V_min", message: "a lower bound of V is not modelled by SpinSim's lif") }
        if let flag = given["refractory_input"], flag != 0 {
            throw InputError(field: "refractory_input", message: "must be false: SpinSim's lif ignores inputs while refractory")
        }
        let value = { (key: String) in given[key] ?? defaults[key]! }
        guard value("C_m") > 0 else { throw InputError(field: "C_m", message: "must be > 0 pF, got \(value("C_m"))") }
        let restShift = value("I_e") * value("tau_m") / value("C_m")
        guard restShift.isFinite else { throw InputError(field: "I_e", message: "I_e tau_m / C_m must be finite") }
        let parameters = ParameterValues([
            "tau_m": .scalar(value("tau_m")), "v_rest": .scalar(value("E_L") + restShift),
            "v_threshold": .scalar(value("V_th")), "v_reset": .scalar(value("V_reset")),
            "t_refractory": .scalar(value("t_ref")), "v_init": .scalar(value("V_m")),
        ])
        do {
            try ModelKind.lif.schema.validate(parameters, size: 1)
        } catch {
            throw InputError(field: nestName[error.field] ?? error.field, message: error.message)
        }
        return (.lif, parameters)
    }

    /// SpinSim's name of each lif parameter -> NEST's, for errors.
    private static let nestName = ["tau_m": "tau_m", "v_rest": "E_L", "v_threshold": "V_th", "v_reset": "V_reset",
                                   "t_refractory": "t_ref", "v_init": "V_m"]
}
