import ArgumentParser
import Diagnostics
import Foundation
import SpinSimKit

struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a network file over a grid of values and seeds: one trace per point and a summary table.",
        discussion: """
            Each --set key=v1,v2,... sweeps one value of the file (keys as for run --set); \
            the points are every combination, for every seed of --seeds. Each point runs \
            as its own `spinsim run` process, --jobs at a time, and writes DIR/point-NNNN.h5; \
            DIR/summary.csv and DIR/summary.json list each point's values, seed, spikes, \
            mean rate, ISI CV and trace, in point order. Every point is validated before \
            any runs.
            """
    )

    @Argument(help: "Network description file (.toml or .json).")
    var file: String

    @Option(name: .customLong("set"), parsing: .unconditionalSingleValue,
            help: ArgumentHelp("A value to sweep, e.g. population.excitatory.tau_m=\"10 ms\",\"20 ms\" (repeatable).",
                               valueName: "key=v1,v2,..."))
    var sets: [String] = []

    @Option(parsing: .unconditional, help: "Seeds, e.g. 1-5 or 1,3,7 (default: the file's seed).")
    var seeds: String?

    @Option(parsing: .unconditional, help: "Simulated duration of every point (default: the file's).")
    var duration: String?

    @Option(parsing: .unconditional, help: "Points run at once.")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(name: .customLong("out-dir"), help: "Directory for the traces and summaries (created if missing).")
    var directory: String

    @Flag(help: "Replace an earlier sweep in the directory.")
    var force = false

    func validate() throws {
        guard !sets.isEmpty || seeds != nil else { throw ValidationError("give at least one --set key=v1,v2,... or --seeds") }
        if let duration {
            guard let time = SimulatedTime(argument: duration) else { throw ValidationError("--duration: cannot read \(duration) as a time") }
            try time.check("--duration")
        }
    }

    func run() throws {
        let plan = try SweepPlan(sets: sets, seeds: seeds)
        let sweep = try SweepRun(plan: plan, options: .init(
            networkFile: file, directory: directory, duration: duration, jobs: jobs, replacing: force,
            executable: Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])))
        let terminal = isatty(STDERR_FILENO) == 1
        let results = try sweep.execute { done, total in
            if terminal { FileHandle.standardError.write(Data("\rsweep: \(done) of \(total) points done".utf8)) }
        }
        if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        let failed = results.filter { $0.error != nil }
        print("\(results.count) points, \(failed.count) failed; summary in \(directory)/summary.csv and summary.json")
        if let first = failed.first {
            throw InputError("\(failed.count) of \(results.count) sweep points failed; point \(first.point.index): \(first.error!)")
        }
    }
}
