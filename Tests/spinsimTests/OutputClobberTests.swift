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
    #expect(intoCheckpoint.status != 0 && intoCheckpoint.stderr.hasPrefix("Error: \(checkpoint): is also the output --out ("),
            "\(intoCheckpoint.stderr)")
    let overTrace = try spinsim(["resume", checkpoint, "--duration", "30", "--checkpoint", trace])
    #expect(overTrace.status != 0 && overTrace.stderr.hasPrefix("Error: \(trace): is also the output trace ("), "\(overTrace.stderr)")
    let newOverOld = try spinsim(["resume", checkpoint, "--duration", "30", "--out", checkpoint, "--checkpoint", directory + "/new.ck", "--force"])
    #expect(newOverOld.status != 0 && newOverOld.stderr.hasPrefix("Error: \(checkpoint): is also the input checkpoint ("),
            "\(newOverOld.stderr)")
    #expect(contents(checkpoint) == saved)
}
