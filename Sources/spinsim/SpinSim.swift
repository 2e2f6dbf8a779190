import ArgumentParser

@main
struct SpinSim: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "spinsim",
        abstract: "An exact event-driven simulator of spiking and oscillator neural networks.",
        discussion: """
            Neurons advance in closed form between events, so spike times are exact \
            to floating-point precision, with no time step. Runs are reproducible: \
            the same network file and seed give bit-identical spikes.
            """,
        version: version,
        subcommands: [Run.self, Resume.self, Inspect.self, Bench.self, Cheese.self, EqSpikeCommand.self]
    )
}
