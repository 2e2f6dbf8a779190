import Foundation
import Testing
import TestSupport

/// A file's bytes (the inputs here are small), to check they are unchanged.
private func contents(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

/// Every command that writes refuses an output that is one of its inputs or
/// another of its outputs, however spelled ("./", a hard link, a symbolic
/// link), even with --force: one line naming the output and the role it
/// clashes with, a non-zero exit, and the input unchanged.
@Test func outputsNeverReplaceInputsOrEachOther() throws {
    let directory = try temporaryDirectory().path
    let network = directory + "/net.toml"
    try FileManager.default.copyItem(atPath: "examples/bench4.toml", toPath: network)
    let benchmark = directory + "/benchmark.csv"
    try FileManager.default.copyItem(atPath: "datasets/cheese/benchmark.csv", toPath: benchmark)
    let hardLink = directory + "/hard.toml", symbolicLink = directory + "/soft.csv"
    try FileManager.default.linkItem(atPath: network, toPath: hardLink)
    try FileManager.default.createSymbolicLink(atPath: symbolicLink, withDestinationPath: benchmark)
    let trace = directory + "/t.h5"
    let cases: [(arguments: [String], output: String, clash: String)] = [
        (["run", network, "--duration", "5", "--out", network, "--force"], network, "the input network file"),
        (["run", network, "--duration", "5", "--out", directory + "/./net.toml", "--force"], directory + "/./net.toml", "the input network file"),
        (["run", network, "--duration", "5", "--out", trace, "--checkpoint", hardLink, "--force"], hardLink, "the input network file"),
        (["run", network, "--duration", "5", "--out", trace, "--checkpoint", directory + "/./t.h5", "--force"], directory + "/./t.h5", "the output --out"),
        (["cheese", "classify", "--data", symbolicLink, "--target", "cheddar", "--model", "phase", "--predictions", benchmark, "--force"],
         benchmark, "the input --data"),
        (["cheese", "classify", "--data", benchmark, "--target", "cheddar", "--model", "phase", "--predictions", trace, "--out", trace, "--force"],
         trace, "the output --predictions"),
        (["cheese", "train", "--data", benchmark, "--target", "brie", "--save", benchmark, "--force"], benchmark, "the input --data"),
        (["eqspike", "train", "--mnist", smallMNIST, "--hidden", "4", "--epochs", "1", "--save", directory + "/m.h5",
          "--checkpoint", directory + "/m.h5", "--force"], directory + "/m.h5", "the output --save"),
    ]
    let before = [network, benchmark].map(contents)
    for (arguments, output, clash) in cases {
        let outcome = try spinsim(arguments)
        let lines = outcome.stderr.split(separator: "\n")
        #expect(outcome.status != 0 && lines.count == 1 && lines[0].hasPrefix("Error: \(output): is also \(clash) ("),
                "\(arguments): \(outcome.stderr)")
    }
    #expect([network, benchmark].map(contents) == before)
    #expect(!FileManager.default.fileExists(atPath: trace) && !FileManager.default.fileExists(atPath: directory + "/m.h5"))
}

/// A resumed run writes its trace and checkpoint: neither may be the other, nor the checkpoint it reads when that one stays.
@Test func resumeRefusesOutputsThatClash() throws {
    let directory = try temporaryDirectory().path
    let trace = directory + "/t.h5", checkpoint = directory + "/run.ck"
    let first = try spinsim(["run", "examples/bench4.toml", "--duration", "20", "--out", trace, "--checkpoint", checkpoint])
    #expect(first.status == 0, "\(first.stderr)")
    let saved = contents(checkpoint)
    let intoCheckpoint = try spinsim(["resume", checkpoint, "--duration", "30", "--out", checkpoint, "--force"])
    #expect(intoCheckpoint.status != 0 && intoCheckpoint.stderr.hasPrefix("Error: \(checkpoint): is also the input checkpoint ("),
            "\(intoCheckpoint.stderr)")
    let overTrace = try spinsim(["resume", checkpoint, "--duration", "30", "--checkpoint", trace, "--force"])
    #expect(overTrace.status != 0 && overTrace.stderr.hasPrefix("Error: \(trace): is also the output trace ("), "\(overTrace.stderr)")
    let newOverOld = try spinsim(["resume", checkpoint, "--duration", "30", "--out", checkpoint, "--checkpoint", directory + "/new.ck", "--force"])
    #expect(newOverOld.status != 0 && newOverOld.stderr.hasPrefix("Error: \(checkpoint): is also the input checkpoint ("),
            "\(newOverOld.stderr)")
    #expect(contents(checkpoint) == saved)
}

/// A checkpoint names its trace by absolute path and by the trace's run id:
/// resumed from another directory it continues its own trace, never a file
/// of the same name there, and it refuses a trace another run wrote at its path.
@Test func resumeContinuesOnlyTheTraceOfItsOwnRun() throws {
    let root = try temporaryDirectory()
    let a = root.appendingPathComponent("A"), b = root.appendingPathComponent("B")
    for directory in [a, b] { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) }
    let network = FileManager.default.currentDirectoryPath + "/examples/bench4.toml"
    let relative = ["--out", "t.h5", "--checkpoint", "ck"]
    #expect(try spinsim(["run", network, "--duration", "20"] + relative, in: a).status == 0)
    #expect(try spinsim(["run", network, "--duration", "20", "--seed", "2"] + relative, in: b).status == 0)
    let unrelated = contents(b.appendingPathComponent("t.h5").path)
    let resumed = try spinsim(["resume", "../A/ck", "--duration", "40"], in: b)
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(contents(b.appendingPathComponent("t.h5").path) == unrelated)
    let inspect = try spinsim(["inspect", a.appendingPathComponent("t.h5").path])
    #expect(inspect.stdout.contains("simulated  0.0 to 40.0 ms") && inspect.stdout.contains("end_time: 40.0")
            && inspect.stdout.contains("completed: true"), "\(inspect.stdout)")
    // Complete: resuming again without a longer --duration is an error, not a silent no-op.
    let again = try spinsim(["resume", "ck"], in: a)
    #expect(again.status != 0 && again.stderr.contains("ck: the run is complete at 40.0 ms; pass --duration"), "\(again.stderr)")
    // Another run's trace at A's path: refused, one line, nothing changed.
    try FileManager.default.removeItem(at: a.appendingPathComponent("t.h5"))
    try FileManager.default.copyItem(at: b.appendingPathComponent("t.h5"), to: a.appendingPathComponent("t.h5"))
    let refused = try spinsim(["resume", "ck", "--duration", "60"], in: a)
    #expect(refused.status != 0 && refused.stderr.contains("t.h5: was not written by the run of this checkpoint"), "\(refused.stderr)")
    #expect(contents(a.appendingPathComponent("t.h5").path) == unrelated)
}

/// `resume --out NEW` branches the run: the checkpoint read is left as it
/// is, so the original trace can still be resumed from it, and that resume
/// gives the same trace as a straight run.
@Test func resumeIntoANewTraceLeavesTheOriginalCheckpoint() throws {
    let directory = try temporaryDirectory()
    let network = FileManager.default.currentDirectoryPath + "/examples/bench4.toml"
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    #expect(try spinsim(["run", network, "--duration", "40", "--out", path("straight.h5")]).status == 0)
    #expect(try spinsim(["run", network, "--duration", "20", "--out", path("t.h5"), "--checkpoint", path("ck")]).status == 0)
    let saved = contents(path("ck"))
    let branch = try spinsim(["resume", path("ck"), "--duration", "30", "--out", path("branch.h5")])
    #expect(branch.status == 0 && branch.stderr.contains("is left as it is"), "\(branch.stderr)")
    #expect(contents(path("ck")) == saved)
    #expect(try spinsim(["resume", path("ck"), "--duration", "40"]).status == 0)
    let spikes = { (file: String) in try spinsim(["inspect", path(file)]).stdout.split(separator: "\n").filter { $0.contains("spikes") } }
    let resumed = try spikes("t.h5"), straight = try spikes("straight.h5")
    #expect(!straight.isEmpty && resumed == straight, "\(resumed)")
}

/// Edited checkpoints, one per class an edit fuzzer (about 460 edits of every
/// number and list) found trapping or stalling: each is now one line naming
/// the checkpoint and the field, exit 1.
@Test func editedCheckpointFieldsAreOneLineErrors() throws {
    let directory = try temporaryDirectory().path
    let checkpoint = directory + "/ck"
    #expect(try spinsim(["run", "examples/stdp_poisson.toml", "--duration", "10", "--out", directory + "/t.h5",
                         "--checkpoint", checkpoint, "--record", "v:all"]).status == 0)
    let original = try String(contentsOfFile: checkpoint, encoding: .utf8)
    let edits: [(from: String, to: String, message: String)] = [
        ("\"flushInterval\":1000", "\"flushInterval\":-1", "settings.flushInterval: must be positive and finite"),
        ("\"cells\":", "\"cells\":-1,\"x\":", "trace.reportRows.cells: must be a count >= 0"),
        ("\"spikeCounts\":[", "\"spikeCounts\":[7,", "trace.spikeCounts: needs one count per population"),
        ("\"_0\":15}", "\"_0\":4611686018427387904}", "rate: must be in [0, 1000000] Hz"),
    ]
    for edit in edits {
        let compact = original.replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
        guard compact.contains(edit.from) else {
            Issue.record("checkpoint has no \(edit.from)")
            continue
        }
        try compact.replacingOccurrences(of: edit.from, with: edit.to).write(toFile: checkpoint, atomically: true, encoding: .utf8)
        let outcome = try spinsim(["resume", checkpoint, "--duration", "20"])
        let lines = outcome.stderr.split(separator: "\n")
        #expect(outcome.status == 1 && lines.count == 1 && lines[0].hasPrefix("Error: \(checkpoint): damaged checkpoint: ")
                && lines[0].contains(edit.message), "\(edit.to): \(outcome.stderr)")
    }
}
