import ArgumentParser

/// `spinsim cheese`: the synchrony task (Romera et al. 2022, the Cheddar
/// benchmark) on simulated coupled oscillators.
struct Cheese: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify (t2, t3) input-spike pairs by mutual synchronisation of three coupled oscillators.",
        discussion: """
            Input neuron 1 spikes at t1 = 0, neurons 2 and 3 at t2 and t3 (task units, \
            100 ns by default); each spike starts its oscillator's current ramp. A sample \
            is recognised when the simulated, pulse-coupled triad mutually synchronises \
            (coherent power of the group above the detector's threshold).
            """,
        subcommands: [CheeseClassify.self, CheeseTrain.self, CheeseEvaluate.self, CheeseTokens.self, CheeseBaselines.self]
    )
}
