import EqSpike
import Foundation
import SpinSimKit
import Testing
import TestSupport

private func trainedState(_ path: String) throws -> TrainedState {
    let file = try EqSpikeModelFile.read(path: path)
    return TrainedState(model: file.model, history: file.history, signature: file.signature)
}

/// A damaged or missing checkpoint: one line naming the file, exit 1 (the
/// kinds of damage are checked in process, in SpinSimKitTests).
@Test func damagedCheckpointsGiveOneLineErrorsNamingTheFile() throws {
    let directory = try temporaryDirectory()
    let checkpointPath = directory.appendingPathComponent("run.checkpoint").path
    let train = try spinsim(["eqspike", "train", "--mnist", smallMNIST, "--hidden", "8", "--train-limit", "20",
                             "--test-limit", "0", "--batch-size", "10", "--epochs", "1", "--quiet",
                             "--save", directory.appendingPathComponent("m.h5").path, "--checkpoint", checkpointPath])
    #expect(train.status == 0, "\(train.stderr)")
    let text = try String(contentsOfFile: checkpointPath, encoding: .utf8)
    let truncated = directory.appendingPathComponent("truncated.checkpoint").path
    try String(text.prefix(text.count / 2)).write(toFile: truncated, atomically: false, encoding: .utf8)
    let outcome = try spinsim(["eqspike", "resume", truncated, "--epochs", "2"])
    let lines = outcome.stderr.split(separator: "\n")
    #expect(outcome.status == 1)
    #expect(lines.count == 1 && lines[0].contains(truncated) && lines[0].contains("damaged"), "\(outcome.stderr)")
    let missing = try spinsim(["eqspike", "resume", directory.appendingPathComponent("none").path])
    #expect(missing.status == 1 && missing.stderr.contains("none: no such file"), "\(missing.stderr)")
}

/// SIGINT during training: the minibatch finishes, the checkpoint is written,
/// exit 130 with one line on stderr, and resuming gives the model of an
/// uninterrupted run.
@Test func interruptedTrainingResumesToTheUninterruptedResult() throws {
    let directory = try temporaryDirectory()
    let common = ["eqspike", "train", "--mnist", smallMNIST, "--hidden", "12", "--train-limit", "200", "--test-limit", "0",
                  "--batch-size", "10", "--epochs", "2", "--seed", "6", "--quiet"]
    let straightPath = directory.appendingPathComponent("straight.h5").path
    let straight = try spinsim(common + ["--save", straightPath])
    #expect(straight.status == 0, "\(straight.stderr)")

    let modelPath = directory.appendingPathComponent("interrupted.h5").path
    let checkpointPath = directory.appendingPathComponent("run.checkpoint").path
    let errorPath = directory.appendingPathComponent("stderr.txt").path
    #expect(FileManager.default.createFile(atPath: errorPath, contents: nil))
    let process = Process()
    process.executableURL = binary
    process.arguments = common + ["--save", modelPath, "--checkpoint", checkpointPath, "--checkpoint-every", "10"]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    // The test runner's threads block SIGINT and a child inherits the mask of
    // the thread that spawns it: unblock it around the spawn, as in a shell.
    var interrupt = sigset_t(), previous = sigset_t()
    sigemptyset(&interrupt)
    sigaddset(&interrupt, SIGINT)
    pthread_sigmask(SIG_UNBLOCK, &interrupt, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    try process.run()
    let deadline = Date().addingTimeInterval(60)
    while !FileManager.default.fileExists(atPath: checkpointPath) && process.isRunning && Date() < deadline {
        usleep(2_000)
    }
    #expect(FileManager.default.fileExists(atPath: checkpointPath) && process.isRunning, "no checkpoint while running")
    process.interrupt()
    process.waitUntilExit()
    let stderr = try String(contentsOfFile: errorPath, encoding: .utf8)
    #expect(process.terminationReason == .exit && process.terminationStatus == 130, "status \(process.terminationStatus): \(stderr)")
    let lines = stderr.split(separator: "\n")
    #expect(lines.count == 1 && lines[0].contains("interrupted by SIGINT") && lines[0].contains(checkpointPath), "\(stderr)")
    let checkpoint = try EqSpikeCheckpoint.load(path: checkpointPath)
    #expect(checkpoint.state.history.count < 2)
    #expect(!FileManager.default.fileExists(atPath: checkpointPath + ".partial"))

    let resumed = try spinsim(["eqspike", "resume", checkpointPath, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(try trainedState(modelPath).differences(from: try trainedState(straightPath)) == [])
}
