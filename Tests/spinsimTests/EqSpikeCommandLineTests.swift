import Foundation
import SpinSimKit
import Formats
import Testing
import TestSupport

/// The spinsim executable built next to the test bundle.
let binary: URL = {
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
    return directory.appendingPathComponent("spinsim")
}()

struct Outcome {
    var status: Int32
    var stdout: String
    var stderr: String
}

func spinsim(_ arguments: [String], environment: [String: String] = [:]) throws -> Outcome {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = repository
    var variables = ProcessInfo.processInfo.environment
    variables.removeValue(forKey: "SPINSIM_MNIST")
    process.environment = variables.merging(environment) { $1 }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
}

@Test func trainEvaluateAndSignatureThroughTheCommandLine() throws {
    let directory = try temporaryDirectory()
    let model = directory.appendingPathComponent("tiny.h5").path
    let train = try spinsim(["eqspike", "train", "--hidden", "16", "--epochs", "1", "--train-limit", "60",
                             "--test-limit", "20", "--batch-size", "10", "--save", model],
                            environment: ["SPINSIM_MNIST": "datasets/mnist-small"])
    #expect(train.status == 0, "\(train.stderr)")
    #expect(train.stdout.contains("epoch 1/1: train"))
    let evaluate = try spinsim(["eqspike", "evaluate", "--mnist", "datasets/mnist-small", "--model", model,
                                "--test-limit", "20"])
    #expect(evaluate.status == 0, "\(evaluate.stderr)")
    #expect(evaluate.stdout.range(of: #"test accuracy: \d+\.\d\d %"#, options: .regularExpression) != nil)
    #expect(evaluate.stdout.contains("mean spikes per inference"))
    #expect(evaluate.stdout.contains("mean synaptic events per inference"))
    let signature = try spinsim(["eqspike", "signature", "--model", model])
    #expect(signature.status == 0, "\(signature.stderr)")
    #expect(signature.stdout.hasPrefix("delta_t"))
    let weights = try HDF5File.open(path: model).rootGroup().openDataset("/eqspike/layers/0/weights")
    #expect(try weights.shape() == [16, 784])
    let again = try spinsim(["eqspike", "train", "--mnist", "datasets/mnist-small", "--epochs", "1", "--save", model])
    #expect(again.status != 0 && again.stderr.contains("already exists"))
}

/// Corrupt or missing MNIST files give one line naming the file, exit 1.
@Test func badMNISTFilesGiveOneLineErrorsNamingTheFile() throws {
    let directory = try temporaryDirectory()
    for name in ["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"] {
        try FileManager.default.copyItem(atPath: smallMNIST + "/" + name, toPath: directory.path + "/" + name)
    }
    let training = directory.appendingPathComponent("train-images-idx3-ubyte").path
    // Wrong magic (raw file).
    try Data([0, 0, 9, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28]).write(to: URL(fileURLWithPath: training))
    try Data([0, 0, 8, 1, 0, 0, 0, 1, 5]).write(to: URL(fileURLWithPath: training.replacingOccurrences(of: "images-idx3", with: "labels-idx1")))
    let model = directory.appendingPathComponent("m.h5").path
    let outcome = try spinsim(["eqspike", "train", "--mnist", directory.path, "--save", model])
    #expect(outcome.status == 1)
    let lines = outcome.stderr.split(separator: "\n")
    #expect(lines.count == 1 && lines[0].contains(training) && lines[0].contains("not an IDX file"), "\(outcome.stderr)")

    let missing = try spinsim(["eqspike", "train", "--mnist", directory.path + "/nowhere", "--save", model])
    #expect(missing.status == 1 && missing.stderr.contains("nowhere/train-images-idx3-ubyte.gz"), "\(missing.stderr)")
    let noModel = try spinsim(["eqspike", "evaluate", "--mnist", directory.path, "--model", model])
    #expect(noModel.status == 1 && noModel.stderr.contains(model), "\(noModel.stderr)")
    let noDirectory = try spinsim(["eqspike", "train", "--save", model])
    #expect(noDirectory.status == 1 && noDirectory.stderr.contains("SPINSIM_MNIST"))
}
