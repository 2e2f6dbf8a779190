import Diagnostics
import EqSpike
import Foundation
@testable import SpinSimKit
import Testing
import TestSupport

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
    let images = try MNISTDirectory.load(directory: smallMNIST, split: .training, limit: 50)
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
                    checkpointPath: path, commandLine: "test", wallClockStart: "now"),
                state: trainer.state, wallSeconds: 1.5, trainingImageCount: images.count,
                trainingFingerprint: EqSpikeCheckpoint.fingerprint(of: images))
            try checkpoint.save(to: path)
            let back = try EqSpikeCheckpoint.load(path: path)
            #expect(back.state == trainer.state && back.state.partialEpoch != nil)
            #expect(back.options == checkpoint.options && back.state.settings == settings && back.wallSeconds == 1.5)
            trainer = EqSpikeTrainer<Network>(continuing: back.state)
            trainer.trainEpoch(on: images, test: test, threads: 1, wallSeconds: { 0 })
        }
    }
    #expect(pauses == 2, "epoch 1 pauses after minibatch 2, epoch 2 after minibatch 4")
    #expect(trainer.history.count == 2)
    let got = TrainedState(model: trainer.model, history: trainer.history, signature: trainer.signature)
    #expect(got.differences(from: TrainedState(model: straight.model, history: straight.history,
                                               signature: straight.signature)) == [])
    #expect(trainer.history[1].learningRateFactor < 1)
}

/// A truncated or altered checkpoint, or one whose unfinished epoch cannot be
/// continued (chunk sums for another `MinibatchChunks.count`, a position past
/// the images), is refused with one line naming the file.
@Test func damagedCheckpointsAreRefusedNamingTheFile() throws {
    let directory = try temporaryDirectory()
    let checkpointPath = directory.appendingPathComponent("run.checkpoint").path
    var settings = EqSpikeSettings()
    settings.batchSize = 10
    let run = try TrainingRun(
        options: EqSpikeTrainingOptions(mnistDirectory: smallMNIST, trainLimit: 20, testLimit: 0, epochs: 2,
                                        savePath: directory.appendingPathComponent("m.h5").path,
                                        checkpointPath: checkpointPath),
        hiddenLayers: [8], seed: 1, settings: settings, learningRates: nil, replacing: false, showsProgress: false)
    run.log = { _ in }
    run.stopRequest = { SIGTERM }  // stop after the first minibatch, inside epoch 1
    #expect(throws: Interrupted.self) { try run.execute() }
    let text = try String(contentsOfFile: checkpointPath, encoding: .utf8)
    #expect(try EqSpikeCheckpoint.load(path: checkpointPath).state.partialEpoch?.minibatchesDone == 1)

    let counters = try #require(text.firstMatch(of: #/"chunkCounters":\[(\{[^}]*\}),/#)?.output.1)
    let signatures = try #require(text.firstMatch(of: #/"chunkSignatures":\[(\{[^}]*\}),/#)?.output.1)
    let damaged = [
        ("truncated", String(text.prefix(text.count / 2)), "invalid JSON"),
        ("short weights", text.replacingOccurrences(of: #""weights":""#, with: #""weights":"AAAA"#),
         "weights do not match the layer sizes"),
        ("no chunk sums", text.replacingOccurrences(of: #""chunkCounters":["#, with: #""chunkCounters":[],"unused":["#),
         "partial epoch needs 2 chunk counters and signatures"),
        ("three chunks", text.replacingOccurrences(of: #""chunkCounters":["#, with: #""chunkCounters":[\#(counters),"#)
            .replacingOccurrences(of: #""chunkSignatures":["#, with: #""chunkSignatures":[\#(signatures),"#),
         "partial epoch needs 2 chunk counters and signatures"),
        ("past the images", text.replacingOccurrences(of: #""minibatchesDone":1"#, with: #""minibatchesDone":2"#),
         "partial epoch position out of range"),
        ("later epoch", text.replacingOccurrences(of: #""epoch":0,"minibatchesDone""#, with: #""epoch":1,"minibatchesDone""#),
         "partial epoch 1 after 0 finished epochs"),
    ]
    for (name, content, reason) in damaged {
        let path = directory.appendingPathComponent("\(name).checkpoint").path
        try content.write(toFile: path, atomically: false, encoding: .utf8)
        #expect(content != text, "\(name): the damage must change the file")
        do {
            _ = try EqSpikeCheckpoint.load(path: path)
            Issue.record("\(name): accepted")
        } catch {
            #expect(error.input == path && error.message.contains(reason) && !error.description.contains("\n"),
                    "\(name): \(error)")
        }
    }
    let missing = directory.appendingPathComponent("none").path
    #expect(throws: InputError(input: missing, message: "no such file")) { try EqSpikeCheckpoint.load(path: missing) }
}
