import Foundation
import ArgumentParser
import SpinSimKit

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate the network described in a file and print a summary.",
        discussion: """
            The file (TOML or JSON) declares populations, projections, duration, seed \
            and what to record; see examples/bench4.toml. With --out, recorded spikes \
            (and sampled state, --record) are streamed to an HDF5 file in SONATA \
            layout, flushed periodically so that a killed run leaves a readable file. \
            SIGINT or SIGTERM closes the trace (completed = false), writes the \
            checkpoint if one was asked for, and exits with 130 or 143; \
            `spinsim resume CHECKPOINT` continues the run.
            """
    )

    @Argument(help: "Network description file (.toml or .json).")
    var file: String

    @Option(parsing: .unconditional, help: "Simulated duration, e.g. \"2 s\" or 2000 (ms) (overrides the file's duration).")
    var duration: SimulatedTime?

    @Option(help: "Random seed for connectivity, initial states and inputs (overrides the file's seed).")
    var seed: UInt64?

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("Replace a value of the file, e.g. population.excitatory.tau_m=\"10 ms\" or projection.0.weight=0.2mV (repeatable; the same checks as in the file).",
                               valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: ArgumentHelp("Run the network as this many parts, one thread each; spikes and files are those of one thread, bit for bit (not with --checkpoint).",
                               valueName: "N"))
    var threads = 1

    @Flag(help: "Print the summary as one JSON object.")
    var json = false

    @OptionGroup var options: RunOptionGroup

    func validate() throws {
        try duration?.check("--duration")
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1 (got \(threads))") }
    }

    func run() throws {
        let spec = try NetworkFile.load(path: file, overrides: overrides.map(NetworkOverride.parse))
        var runOptions = try options.resolved()
        runOptions.threads = threads
        let run = try NetworkRun(
            file: spec, label: file, duration: duration?.milliseconds ?? spec.duration, seed: seed ?? spec.seed,
            options: runOptions)
        for note in run.notes { FileHandle.standardError.write(Data("spinsim: note: \(note)\n".utf8)) }
        let summary = try run.execute()
        print(json ? summary.json : summary.text)
    }
}
