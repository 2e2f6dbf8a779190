extension NetworkDescription {
    /// Benchmark 4 of Brette et al. (2007): 80 % excitatory and 20 % inhibitory
    /// LIF neurons with voltage jumps (+0.25 mV and -2.25 mV), connected with
    /// probability `connectionProbability` without self-connections, initial V
    /// uniform in [V_reset, V_th]. The defaults are the published network
    /// (4000 neurons, p = 0.02); `examples/bench4.toml` describes the same.
    public static func benchmark4(
        neurons: Int = 4000, connectionProbability: Double = 0.02, delay: Double = 0.1
    ) -> NetworkDescription {
        let excitatory = neurons * 4 / 5
        let parameters = LIFParameters.benchmark4
        let initial = ParameterValue.uniform(lower: parameters.resetPotential, upper: parameters.thresholdPotential)
        let names = ["excitatory", "inhibitory"]
        let weights = [0.25, -2.25]
        return NetworkDescription(
            populations: [
                .lif(names[0], size: excitatory, parameters, initialPotential: initial),
                .lif(names[1], size: neurons - excitatory, parameters, initialPotential: initial),
            ],
            projections: (0..<2).flatMap { source in
                names.map { target in
                    ProjectionDescription(
                        source: names[source], target: target,
                        connectivity: .fixedProbability(connectionProbability, allowAutapses: false),
                        weight: weights[source], delay: delay)
                }
            })
    }
}
