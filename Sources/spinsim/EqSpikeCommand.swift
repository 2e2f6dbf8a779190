import ArgumentParser

/// `spinsim eqspike ...`: spike-driven Equilibrium Propagation on MNIST.
struct EqSpikeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eqspike",
        abstract: "Train and evaluate EqSpike networks (spike-driven Equilibrium Propagation) on MNIST.",
        discussion: """
            MNIST is read from --mnist DIR or the SPINSIM_MNIST environment variable \
            (gzipped or raw IDX, standard file names); a 1,000/500-image subset ships \
            in datasets/mnist-small.
            """,
        subcommands: [EqSpikeTrain.self, EqSpikeResume.self, EqSpikeEvaluate.self, EqSpikeSignature.self]
    )
}
