import ArgumentParser
import Foundation
import SpinSimKit

struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Continue a run from a checkpoint, bit for bit as if it had not stopped.",
        discussion: """
            The spikes are appended to the trace the run was writing (anything written \
            there after the checkpoint is discarded), unless --out names a new file, \
            which then holds the spikes from the checkpoint on; the checkpoint read then \
            stays the original trace's (it is not rewritten unless --checkpoint names it), \
            so the original run can still be resumed. Without --duration the run goes to \
            its original end.
            """
    )

    @Argument(help: "Checkpoint file written with --checkpoint.")
    var checkpointFile: String

    @Option(parsing: .unconditional, help: "Simulated end time, e.g. \"2 s\" or 2000 (ms) (default: the original run's end).")
    var duration: SimulatedTime?

    @OptionGroup var options: RunOptionGroup

    func validate() throws {
        try duration?.check("--duration")
        if !options.records.isEmpty { throw ValidationError("--record cannot change on resume: the checkpoint keeps the run's recordings") }
    }

    func run() throws {
        let checkpoint = try Checkpoint.load(path: checkpointFile)
        let run = try NetworkRun(checkpoint: checkpoint, path: checkpointFile, duration: duration?.milliseconds,
                                 options: options.resolved())
        for note in run.notes { FileHandle.standardError.write(Data("spinsim: note: \(note)\n".utf8)) }
        print(try run.execute().text)
    }
}
