import ArgumentParser
import SpinSimKit

/// Options shared by `run` and `resume`: what to write, how often to make it
/// durable, and what to show.
struct RunOptionGroup: ParsableArguments {
    @Option(help: "Write recorded spikes and samples to this HDF5 file (SONATA reports).")
    var out: String?

    @Flag(help: "Replace the --out and --checkpoint files if they exist.")
    var force = false

    @Option(name: .customLong("record"),
            help: ArgumentHelp("Sample a state variable: [population.]variable[:nodes], e.g. v:0-99 or v:all (repeatable; replaces the file's [record] state list).",
                               valueName: "spec"))
    var records: [String] = []

    @Option(parsing: .unconditional, help: "Sampling interval of recorded state variables, e.g. \"0.1 ms\" (default: the file's, else 0.1 ms).")
    var sampleInterval: SimulatedTime?

    @Option(parsing: .unconditional, help: "Flush the trace to disk every this much simulated time.")
    var flushInterval = SimulatedTime(argument: "1000")!

    @Option(help: "Also flush the trace at least every this many wall-clock seconds.")
    var flushSeconds = 10.0

    @Option(help: "Write a checkpoint to this file (atomically) when the run ends or is interrupted.")
    var checkpoint: String?

    @Option(parsing: .unconditional, help: "Also write the checkpoint every this much simulated time, e.g. \"1 s\".")
    var checkpointEvery: SimulatedTime?

    @OptionGroup var display: ProgressOptions

    func validate() throws {
        try flushInterval.check("--flush-interval", positive: true)
        guard flushSeconds.isFinite && flushSeconds > 0 else {
            throw ValidationError("--flush-seconds must be a positive number of seconds (got \(flushSeconds))")
        }
        try sampleInterval?.check("--sample-interval", positive: true)
        if let checkpointEvery {
            try checkpointEvery.check("--checkpoint-every", positive: true)
            guard checkpoint != nil else { throw ValidationError("--checkpoint-every needs --checkpoint PATH") }
        }
        if !records.isEmpty && out == nil { throw ValidationError("--record needs --out TRACE.h5") }
    }

    /// The options as the kit takes them.
    func resolved() throws -> RunOptions {
        var options = RunOptions()
        options.out = out
        options.force = force
        options.records = try records.map { try StateRecording.parse($0) }
        options.sampleInterval = sampleInterval?.milliseconds
        options.flushInterval = flushInterval.milliseconds
        options.flushSeconds = flushSeconds
        options.checkpoint = checkpoint
        options.checkpointEvery = checkpointEvery?.milliseconds
        options.showsProgress = display.showsProgress
        return options
    }
}
