import EqSpike
import Foundation
import SpinSimKit
import Formats
import Testing
import TestSupport

/// The history without its wall-clock times (the only thing a resumed run may
/// change), and with "no test images" (NaN) as -1 so that records compare equal.
private func withoutWallTimes(_ history: [EpochRecord]) -> [EpochRecord] {
    history.map { record in
        var record = record
        record.wallSeconds = 0
        if record.testAccuracy.isNaN { record.testAccuracy = -1 }
        return record
    }
}

/// A model file's weights, biases, history (without wall times) and signature.
private func trainedState(_ path: String) throws -> (LayeredEnergyModel, [EpochRecord], STDPSignature) {
    let file = try EqSpikeModelFile.read(path: path)
    return (file.model, withoutWallTimes(file.history), file.signature)
}

/// Compares weights, biases, history and signature (without printing 10^4 weights on failure).
private func expectSameTraining(_ got: (LayeredEnergyModel, [EpochRecord], STDPSignature),
                                _ expected: (LayeredEnergyModel, [EpochRecord], STDPSignature),
                                sourceLocation: SourceLocation = #_sourceLocation) {
    let sameWeights = got.0.weights == expected.0.weights, sameBiases = got.0.biases == expected.0.biases
    let sameHistory = got.1 == expected.1, sameSignature = got.2 == expected.2
    #expect(sameWeights, "weights differ", sourceLocation: sourceLocation)
    #expect(sameBiases, "biases differ", sourceLocation: sourceLocation)
    #expect(sameHistory, "history differs: \(got.1) vs \(expected.1)", sourceLocation: sourceLocation)
    #expect(sameSignature, "signature differs", sourceLocation: sourceLocation)
}

/// Training paused between minibatches (in both epochs), saved to a
/// checkpoint file, read back and continued with another thread count ends
/// bit-identical to training straight through, for spikes and rates.
@Test(arguments: [EqSpikeSettings.Dynamics.spiking, .rate])
func pausedTrainingContinuesBitForBitThroughACheckpointFile(dynamics: EqSpikeSettings.Dynamics) throws {
    switch dynamics {
    case .spiking: try checkPausedTraining(SpikingEquilibriumNetwork.self, dynamics: dynamics)
    case .rate: try checkPausedTraining(RateEquilibriumNetwork.self, dynamics: dynamics)
    }
}

private func checkPausedTraining<Network: EquilibriumNetwork>(_: Network.Type, dynamics: EqSpikeSettings.Dynamics) throws {
    let images = try MNISTDirectory.load(directory: smallMNIST, split: .training).prefix(50)
    var settings = EqSpikeSettings()
    settings.dynamics = dynamics
    settings.batchSize = 10
    settings.holdEpochs = 1  // the second epoch decays the learning rates
    let initial = LayeredEnergyModel(layerSizes: [784, 16, 10], seed: 5)
    let test = images.prefix(10)

    var straight = EqSpikeTrainer<Network>(model: initial, settings: settings, seed: 5)
    for _ in 0..<2 { straight.trainEpoch(on: images, test: test, threads: 2, wallSeconds: { 0 }) }

    let path = try temporaryDirectory().appendingPathComponent("training.checkpoint").path
    var trainer = EqSpikeTrainer<Network>(model: initial, settings: settings, seed: 5)
    var pauses = 0
    for pauseAt in [2, 4] {
        let record = trainer.trainEpoch(on: images, test: test, threads: 2, wallSeconds: { 0 }, progress: { _ in },
                                        pauseAfter: { $0.minibatchesDone == pauseAt })
        if record == nil {
            pauses += 1
            let checkpoint = EqSpikeCheckpoint(
                spinsimVersion: "test", options: EqSpikeTrainingOptions(
                    mnistDirectory: smallMNIST, trainLimit: 50, testLimit: 10, epochs: 2, threads: 2, savePath: "m.h5",
                    checkpointPath: path, checkpointEvery: nil, commandLine: "test", wallClockStart: "now"),
                settings: trainer.settings, seed: trainer.seed, model: trainer.model, history: trainer.history,
                signature: trainer.signature, partialEpoch: trainer.partialEpoch, wallSeconds: 1.5,
                trainingImageCount: images.count, trainingFingerprint: EqSpikeCheckpoint.fingerprint(of: images))
            try checkpoint.save(to: path)
            let back = try EqSpikeCheckpoint.load(path: path)
            #expect(back.model == trainer.model && back.partialEpoch == trainer.partialEpoch)
            #expect(back.options == checkpoint.options && back.settings == settings && back.wallSeconds == 1.5)
            trainer = EqSpikeTrainer<Network>(model: back.model, settings: back.settings, seed: back.seed,
                                              history: back.history, signature: back.signature,
                                              partialEpoch: back.partialEpoch)
            trainer.trainEpoch(on: images, test: test, threads: 1, wallSeconds: { 0 })
        }
    }
    #expect(pauses == 2, "epoch 1 pauses after minibatch 2, epoch 2 after minibatch 4")
    #expect(trainer.history.count == 2)
    expectSameTraining((trainer.model, trainer.history, trainer.signature),
                       (straight.model, straight.history, straight.signature))
    #expect(trainer.history[1].learningRateFactor < 1)
}

/// Through the command line: one epoch with checkpoints, a mid-epoch
/// checkpoint of the second epoch, then `eqspike resume` with another thread
/// count gives the model file of a straight two-epoch run.
@Test func resumeThroughTheCommandLineMatchesAnUninterruptedRun() throws {
    let directory = try temporaryDirectory()
    let common = ["eqspike", "train", "--mnist", smallMNIST, "--hidden", "12", "--train-limit", "50", "--test-limit", "10",
                  "--batch-size", "10", "--seed", "4", "--quiet"]
    let straightPath = directory.appendingPathComponent("straight.h5").path
    let straight = try spinsim(common + ["--epochs", "2", "--save", straightPath])
    #expect(straight.status == 0, "\(straight.stderr)")

    let resumedPath = directory.appendingPathComponent("resumed.h5").path
    let checkpointPath = directory.appendingPathComponent("run.checkpoint").path
    let first = try spinsim(common + ["--epochs", "1", "--save", resumedPath, "--checkpoint", checkpointPath,
                                      "--checkpoint-every", "14", "--threads", "2"])
    #expect(first.status == 0, "\(first.stderr)")
    // 14 examples round to 1 minibatch: 4 pauses inside the epoch and one at its end.
    #expect(first.stdout.contains("checkpoint \(checkpointPath): 5 writes"), "\(first.stdout)")
    let afterOneEpoch = try EqSpikeCheckpoint.load(path: checkpointPath)
    #expect(afterOneEpoch.history.count == 1 && afterOneEpoch.partialEpoch == nil)
    #expect(afterOneEpoch.options.checkpointEvery == 14 && afterOneEpoch.options.savePath == resumedPath)

    // Continue in process for three minibatches of epoch 2, as if the run had been stopped there.
    var trainer = EqSpikeTrainer<SpikingEquilibriumNetwork>(
        model: afterOneEpoch.model, settings: afterOneEpoch.settings, seed: afterOneEpoch.seed,
        history: afterOneEpoch.history, signature: afterOneEpoch.signature, partialEpoch: nil)
    let images = try MNISTDirectory.load(directory: smallMNIST, split: .training).prefix(50)
    let paused = trainer.trainEpoch(on: images, test: nil, threads: 1, wallSeconds: { 0 }, progress: { _ in },
                                    pauseAfter: { $0.minibatchesDone == 3 })
    #expect(paused == nil)
    var midEpoch = afterOneEpoch
    midEpoch.options.epochs = 2  // as if a two-epoch run had been stopped
    midEpoch.model = trainer.model
    midEpoch.partialEpoch = trainer.partialEpoch
    try midEpoch.save(to: checkpointPath)

    let resumed = try spinsim(["eqspike", "resume", checkpointPath, "--epochs", "2", "--threads", "1", "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    #expect(resumed.stdout.contains("30 examples into epoch 2") && resumed.stdout.contains("epoch 2/2: train"),
            "\(resumed.stdout)")
    let expected = try trainedState(straightPath)
    expectSameTraining(try trainedState(resumedPath), expected)
    let final = try EqSpikeCheckpoint.load(path: checkpointPath)
    #expect(final.history.count == 2 && final.partialEpoch == nil && final.model == expected.0)

    let again = try spinsim(["eqspike", "resume", checkpointPath])
    #expect(again.status != 0 && again.stderr.contains("epochs are done"), "\(again.stderr)")
    let otherImages = try spinsim(["eqspike", "resume", checkpointPath, "--epochs", "3", "--mnist", directory.path])
    #expect(otherImages.status != 0 && otherImages.stderr.contains(directory.path), "\(otherImages.stderr)")
}

/// A truncated, altered or missing checkpoint: one line naming the file, exit 1.
@Test func damagedCheckpointsGiveOneLineErrorsNamingTheFile() throws {
    let directory = try temporaryDirectory()
    let checkpointPath = directory.appendingPathComponent("run.checkpoint").path
    let train = try spinsim(["eqspike", "train", "--mnist", smallMNIST, "--hidden", "8", "--train-limit", "20",
                             "--test-limit", "0", "--batch-size", "10", "--epochs", "1", "--quiet",
                             "--save", directory.appendingPathComponent("m.h5").path, "--checkpoint", checkpointPath])
    #expect(train.status == 0, "\(train.stderr)")
    let text = try String(contentsOfFile: checkpointPath, encoding: .utf8)
    let damaged = [
        "truncated": String(text.prefix(text.count / 2)),
        "short weights": text.replacingOccurrences(of: #""weights":""#, with: #""weights":"AAAA"#),
        "bad partial epoch": text.replacingOccurrences(of: #""formatVersion":1"#,
                                                       with: #""formatVersion":1,"partialEpoch":{"epoch":0,"minibatchesDone":1,"correct":0,"chunkCounters":[],"chunkSignatures":[]}"#),
    ]
    for (name, content) in damaged {
        let path = directory.appendingPathComponent("\(name).checkpoint").path
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        let outcome = try spinsim(["eqspike", "resume", path, "--epochs", "2"])
        let lines = outcome.stderr.split(separator: "\n")
        #expect(outcome.status == 1, "\(name)")
        #expect(lines.count == 1 && lines[0].contains(path) && lines[0].contains("damaged"), "\(name): \(outcome.stderr)")
    }
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
    #expect(checkpoint.history.count < 2)
    #expect(!FileManager.default.fileExists(atPath: checkpointPath + ".partial"))

    let resumed = try spinsim(["eqspike", "resume", checkpointPath, "--quiet"])
    #expect(resumed.status == 0, "\(resumed.stderr)")
    expectSameTraining(try trainedState(modelPath), try trainedState(straightPath))
}
