import EqSpike
import Foundation
import SpinSimKit
import Formats
import Testing
import TestSupport
import Diagnostics

/// Same seed gives bit-identical weights and history with 1 or 2 threads,
/// for both the spiking network and the rate reference.
@Test func trainingDoesNotDependOnTheNumberOfThreads() throws {
    let images = try MNISTDirectory.load(directory: smallMNIST, split: .training).prefix(40)
    var settings = EqSpikeSettings()
    settings.batchSize = 10
    func train<Network: EquilibriumNetwork>(_: Network.Type, threads: Int, dynamics: EqSpikeSettings.Dynamics)
        -> (LayeredEnergyModel, [EpochRecord], STDPSignature) {
        var settings = settings
        settings.dynamics = dynamics
        var trainer = EqSpikeTrainer<Network>(model: LayeredEnergyModel(layerSizes: [784, 24, 10], seed: 3),
                                              settings: settings, seed: 3)
        trainer.trainEpoch(on: images, test: images.prefix(10), threads: threads, wallSeconds: { 0 })
        return (trainer.model, trainer.history, trainer.signature)
    }
    let one = train(SpikingEquilibriumNetwork.self, threads: 1, dynamics: .spiking)
    let two = train(SpikingEquilibriumNetwork.self, threads: 2, dynamics: .spiking)
    #expect(one.0 == two.0)
    #expect(one.1 == two.1)
    #expect(one.2 == two.2)
    #expect(one.0 != LayeredEnergyModel(layerSizes: [784, 24, 10], seed: 3), "training must change the weights")
    #expect(one.1[0].counters.nudgedSpikes > 0)
    let rateOne = train(RateEquilibriumNetwork.self, threads: 1, dynamics: .rate)
    let rateTwo = train(RateEquilibriumNetwork.self, threads: 2, dynamics: .rate)
    #expect(rateOne.0 == rateTwo.0 && rateOne.1 == rateTwo.1)
}

/// A model file reads back as written.
@Test func modelFileRoundTrips() throws {
    let directory = try temporaryDirectory()
    let path = directory.appendingPathComponent("model.h5").path
    let model = randomModel([5, 4, 3], seed: 2, scale: 1)
    var settings = EqSpikeSettings()
    settings.learningRates = [0.2, 0.1]
    var counters = EqSpikeCounters()
    counters.examples = 7
    counters.freeSpikes = 123
    let history = [EpochRecord(epoch: 0, trainAccuracy: 0.5, testAccuracy: .nan, learningRateFactor: 1,
                               counters: counters, wallSeconds: 1.5)]
    let signature = STDPSignature(halfRange: 2, weightChange: [0.5, -0.25], updateCount: [3, 4], outsideRange: 1)
    let file = EqSpikeModelFile(model: model, settings: settings, seed: 9, history: history, signature: signature,
                                provenance: ["command_line": "test"])
    try file.write(path: path, replacing: false)
    let back = try EqSpikeModelFile.read(path: path)
    #expect(back.model == model)
    #expect(back.settings == settings)
    #expect(back.seed == 9)
    #expect(back.history.count == 1 && back.history[0].counters == counters && back.history[0].testAccuracy.isNaN)
    #expect(back.signature == signature)
    #expect(back.provenance["command_line"] == "test")
    let weights = try HDF5File.open(path: path).rootGroup().openGroup("eqspike").openGroup("layers")
        .openGroup("1").openDataset("weights")
    #expect(try weights.shape() == [3, 4])
    #expect(throws: InputError(input: path, "already exists; pass --force to replace it")) {
        try file.write(path: path, replacing: false)
    }
}

/// A model write that fails part-way (here: a provenance attribute HDF5
/// refuses) leaves the previous model in place and no temporary file; a
/// directory is never replaced.
@Test func aFailedModelWriteLeavesThePreviousModel() throws {
    let directory = try temporaryDirectory()
    let path = directory.appendingPathComponent("model.h5").path
    let model = randomModel([5, 4, 3], seed: 2, scale: 1)
    let file = EqSpikeModelFile(model: model, settings: EqSpikeSettings(), seed: 9, history: [],
                                signature: STDPSignature(), provenance: ["command_line": "first"])
    try file.write(path: path, replacing: false)
    var broken = file
    broken.model = randomModel([5, 4, 3], seed: 3, scale: 1)
    broken.provenance[""] = "an attribute without a name"
    #expect(throws: InputError.self) { try broken.write(path: path, replacing: true) }
    let kept = try EqSpikeModelFile.read(path: path)
    #expect(kept.model == model && kept.provenance["command_line"] == "first")
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.h5"])
    #expect(throws: InputError(input: directory.path, "exists and is not a regular file; refusing to replace it")) {
        try file.write(path: directory.path, replacing: true)
    }
}
