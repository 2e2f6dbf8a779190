/// What every integrate-and-fire model with voltage jumps shares in its
/// schema: threshold, reset, refractoriness, the initial potential, the
/// recordable membrane potential, and the rule that a reset lies below the
/// threshold. Each model adds its subthreshold dynamics' parameters.
enum IntegrateAndFireSchema {
    /// The jump, threshold and reset lines of the equations.
    static let spikeEquations = [
        "input of weight w: V += w (ignored while refractory)",
        "V >= v_threshold: spike, V = v_reset for t_refractory",
    ]

    /// v_threshold, v_reset, t_refractory (required, or with `refractoryDefault`) and v_init.
    static func parameters(refractoryDefault: ParameterValue? = nil) -> [ParameterSpec] {
        [
            ParameterSpec("v_threshold", .voltage, "spike threshold"),
            ParameterSpec("v_reset", .voltage, "potential after a spike"),
            ParameterSpec("t_refractory", .time, default: refractoryDefault, bounds: .nonNegative, "refractory period"),
            ParameterSpec("v_init", .voltage, kind: .perNode, "initial membrane potential"),
        ]
    }

    static let variables = [VariableSpec("v", .voltage, "membrane potential")]

    static let constraints: [ModelSchema.Constraint] = [
        .init(parameter: "v_reset", message: "must be below v_threshold") {
            $0.scalar("v_reset") < $0.scalar("v_threshold")
        },
    ]
}
