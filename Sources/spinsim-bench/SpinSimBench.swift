import ArgumentParser

/// `spinsim-bench`: speed and memory measurements, kept out of the simulator
/// so that it alone links the peers' data structures it compares against.
@main
struct SpinSimBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spinsim-bench",
        abstract: "Measure simulation speed on built-in networks (use a release build: swift build -c release).",
        subcommands: [Benchmark4.self, Threads.self, Queue.self, IsingAnneal.self]
    )
}
