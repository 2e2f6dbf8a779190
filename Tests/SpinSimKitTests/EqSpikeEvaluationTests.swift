import Diagnostics
import EqSpike
import Formats
import Foundation
import SpinSimKit
import Testing
import TestSupport

private let spikingModel = repository.appendingPathComponent("models/eqspike-784-500-10.h5").path
private let rateModel = repository.appendingPathComponent("models/eqspike-rate-784-500-10.h5").path

/// The shipped models on the first 50 shipped test images print what they
/// printed before the evaluation moved into the kit (wall time apart): the
/// same predictions, spikes, deliveries and sweeps, whatever the threads.
@Test(arguments: [1, 2])
func shippedModelsEvaluateAsBefore(threads: Int) throws {
    let expected = [
        spikingModel: [
            "test accuracy: 100.00 % (50 of 50, spiking network 784-500-10)",
            "mean spikes per inference: 731",
            "mean synaptic events per inference: 15,263 spike deliveries + 67,070 input-drive multiply-accumulates (nonzero pixels, once)",
            "dense rate network for comparison: 392,000 multiply-accumulates for the input drive + 10,000 per settling sweep",
        ],
        rateModel: [
            "test accuracy: 100.00 % (50 of 50, rate network 784-500-10)",
            "mean sweeps per inference: 4.3",
            "mean multiply-accumulates per inference: 42,800 in sweeps + 67,070 input-drive (nonzero pixels, once)",
            "dense rate network for comparison: 392,000 multiply-accumulates for the input drive + 10,000 per settling sweep",
        ],
    ]
    for (model, lines) in expected {
        let summary = try EvaluationRun(modelPath: model, mnistDirectory: smallMNIST, testLimit: 50, threads: threads,
                                        recording: nil).execute()
        let printed = summary.text.split(separator: "\n").map(String.init)
        #expect(Array(printed.prefix(4)) == lines)
        #expect(printed.count == 5 && printed[4].hasPrefix("wall time: "), "\(printed)")
        #expect(summary.evaluation.total == 50 && summary.recorded == nil)
    }
}

/// `--record-state`: every neuron's internal state s through the free phase
/// of the first images, as SONATA reports sampled from rest (s = 0 at t = 0)
/// on the requested grid, in neuron time constants.
@Test func recordedFreePhasesAreSONATAReportsFromRest() throws {
    let path = try temporaryDirectory().appendingPathComponent("free.h5").path
    let recording = FreePhaseRecording(path: path, examples: 2, sampleInterval: 0.25)
    let summary = try EvaluationRun(modelPath: spikingModel, mnistDirectory: smallMNIST, testLimit: 5, threads: 2,
                                    recording: recording).execute()
    #expect(summary.recorded?.path == path && summary.recorded?.examples == 2)
    #expect(summary.text.hasSuffix("\nfree-phase states of 2 images: \(path)"))

    let root = try HDF5File.open(path: path).rootGroup()
    #expect(try root.attribute("completed") == .bools([true]))
    for (report, size) in [("image0_layer1", 500), ("image0_layer2", 10), ("image1_layer1", 500), ("image1_layer2", 10)] {
        let data = try root.openDataset("/report/\(report)/data")
        let shape = try data.shape()
        #expect(shape.count == 2 && shape[1] == size && shape[0] > 4, "\(report): \(shape)")
        let values = try data.read(Float.self, atMost: .max)
        #expect(values.prefix(size).allSatisfy { $0 == 0 }, "\(report): the free phase starts from rest")
        #expect(values.allSatisfy { $0 >= 0 && $0 <= 1 } && values.contains { $0 > 0 }, "\(report)")
        let time = try root.openDataset("/report/\(report)/mapping/time").read(Double.self, atMost: .max)
        #expect(time == [0, 0.25 * Double(shape[0]), 0.25], "\(report): \(time)")
    }
    #expect(try root.openDataset("/report/image0_layer1/mapping/node_ids").read(UInt64.self, atMost: .max) == (0..<500).map { UInt64($0) })
}

/// What `--record-state` cannot do is refused before anything is evaluated.
@Test func unusableRecordingsAreRefusedNamingTheOption() throws {
    let directory = try temporaryDirectory()
    let existing = directory.appendingPathComponent("existing.h5").path
    #expect(FileManager.default.createFile(atPath: existing, contents: Data("keep".utf8)))
    let fresh = directory.appendingPathComponent("fresh.h5").path
    func refusal(_ model: String, _ recording: FreePhaseRecording) -> InputError? {
        do {
            _ = try EvaluationRun(modelPath: model, mnistDirectory: smallMNIST, testLimit: 1, threads: 1,
                                  recording: recording)
            return nil
        } catch {
            return error as? InputError
        }
    }
    #expect(refusal(rateModel, FreePhaseRecording(path: fresh)) == InputError(
        input: "--record-state", "\(rateModel) is a rate-based model; only spiking models have a free-phase trajectory"))
    #expect(refusal(spikingModel, FreePhaseRecording(path: existing))
            == InputError(input: existing, "already exists; pass --force to replace it"))
    #expect(refusal(spikingModel, FreePhaseRecording(path: fresh, examples: 0))
            == InputError(input: "--record-examples", "must be positive (got 0)"))
    #expect(refusal(spikingModel, FreePhaseRecording(path: fresh, sampleInterval: .nan))?.input == "--sample-interval")
    #expect(refusal(spikingModel, FreePhaseRecording(path: existing, replacing: true)) == nil)
    #expect(try String(contentsOfFile: existing, encoding: .utf8) == "keep")
    #expect(!FileManager.default.fileExists(atPath: fresh))
}

/// A model whose input or output layer does not fit the images is refused, naming the model file.
@Test func aModelThatDoesNotFitTheImagesIsRefused() throws {
    let path = try temporaryDirectory().appendingPathComponent("small.h5").path
    try EqSpikeModelFile(model: randomModel([5, 4, 10], seed: 1, scale: 1), settings: EqSpikeSettings(), seed: 1,
                         history: [], signature: STDPSignature(), provenance: [:]).write(path: path, replacing: false)
    #expect(throws: InputError(input: path, "layer sizes [5, 4, 10] do not fit 784-pixel images of 10 classes")) {
        try EvaluationRun(modelPath: path, mnistDirectory: smallMNIST, testLimit: 1, threads: 1, recording: nil)
    }
}

/// `eqspike signature` prints one line per bin that received updates, between
/// a header and the count outside the bins.
@Test func signatureTableListsTheBinsThatReceivedUpdates() throws {
    let signature = try EqSpikeModelFile.read(path: spikingModel).signature
    let lines = signature.table.split(separator: "\n").map(String.init)
    #expect(lines.first == "delta_t   updates        mean dw        total dw")
    #expect(lines.count == 2 + signature.updateCount.filter { $0 > 0 }.count)
    #expect(lines[1] == "-15.875       7553  -2.803108e-04  -2.117188e+00")
    #expect(lines.last == "updates outside +-16.0 tau: 16068266")

    let sparse = STDPSignature(halfRange: 1, weightChange: [0, 0.5, 0, -0.25], updateCount: [0, 2, 0, 1], outsideRange: 3)
    #expect(sparse.table.split(separator: "\n").map(String.init) == [
        "delta_t   updates        mean dw        total dw",
        " -0.250          2  +2.500000e-01  +5.000000e-01",
        " +0.750          1  -2.500000e-01  -2.500000e-01",
        "updates outside +-1.0 tau: 3",
    ])
}

/// No image to score is an error, not an accuracy of "nan %".
@Test func evaluatingNoImageIsRefused() {
    for limit in [0, -3] {
        #expect(throws: InputError(input: "--test-limit", "must be at least 1 (got \(limit))")) {
            _ = try EvaluationRun(modelPath: spikingModel, mnistDirectory: smallMNIST, testLimit: limit, threads: 1, recording: nil)
        }
    }
}
