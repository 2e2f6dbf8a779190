import ArgumentParser
import SpinSimKit

/// Options shared by `run` and `resume`: what to write, how often to make it
/// durable, and what to show.
struct RunOptionGroup: ParsableArguments {
    @Option(help: "Write recorded spikes and samples to this HDF5 file (SONATA reports).")
    var out: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Option(name: .customLong("record"),
            help: ArgumentHelp("Sample a state variable: [population.]variable[:nodes], e.g. v:0-99 (repeatable).",
                               valueName: "spec"))
    var records: [String] = []

    @Option(help: "Sampling interval of recorded state variables, in ms (default: the file's, else 0.1).")
    var sampleInterval: Double?

    @Option(help: "Flush the trace to disk every this many simulated ms.")
    var flushInterval = 1000.0

    @Option(help: "Also flush the trace at least every this many wall-clock seconds.")
    var flushSeconds = 10.0

    @Option(help: "Write a checkpoint to this file (atomically) when the run ends or is interrupted.")
    var checkpoint: String?

    @Option(help: "Also write the checkpoint every this many simulated ms.")
    var checkpointEvery: Double?

    @OptionGroup var display: ProgressOptions

    func validate() throws {
        for (name, value) in [("--flush-interval", flushInterval), ("--flush-seconds", flushSeconds)] {
            guard value.isFinite && value > 0 else { throw ValidationError("\(name) must be a positive number (got \(value))") }
        }
        if let sampleInterval, !(sampleInterval.isFinite && sampleInterval > 0) {
            throw ValidationError("--sample-interval must be a positive number of ms (got \(sampleInterval))")
        }
        if let checkpointEvery {
            guard checkpointEvery.isFinite && checkpointEvery > 0 else {
                throw ValidationError("--checkpoint-every must be a positive number of ms (got \(checkpointEvery))")
            }
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
        options.sampleInterval = sampleInterval
        options.flushInterval = flushInterval
        options.flushSeconds = flushSeconds
        options.checkpoint = checkpoint
        options.checkpointEvery = checkpointEvery
        options.showsProgress = display.showsProgress
        return options
    }
}
