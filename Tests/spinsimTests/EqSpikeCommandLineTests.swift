import Foundation
import Testing
import TestSupport

/// The eqspike commands end to end: exit statuses and what they print (the
/// logic behind them is tested in process, in SpinSimKitTests).
@Test func trainEvaluateAndSignatureThroughTheCommandLine() throws {
    let directory = try temporaryDirectory()
    let model = directory.appendingPathComponent("tiny.h5").path
    let train = try spinsim(["eqspike", "train", "--mnist", "datasets/mnist-small", "--hidden", "16", "--epochs", "1",
                             "--train-limit", "60", "--test-limit", "20", "--batch-size", "10", "--save", model])
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
    let again = try spinsim(["eqspike", "train", "--mnist", "datasets/mnist-small", "--epochs", "1", "--save", model])
    #expect(again.status == 1 && again.stderr == "Error: \(model): already exists; pass --force to replace it\n",
            "\(again.stderr)")
    let usage = try spinsim(["eqspike", "train", "--mnist", "datasets/mnist-small", "--hidden", "12,x", "--save", model])
    #expect(usage.status == 64 && usage.stderr.split(separator: "\n").count == 1, "\(usage.stderr)")
    for scale in ["-1", "0", "nan"] {
        let bad = try spinsim(["eqspike", "train", "--mnist", "datasets/mnist-small", "--hidden", "12,12", "--init-scale", scale,
                               "--save", model + scale])
        #expect(bad.status == 1 && bad.stderr.hasPrefix("Error: --init-scale: must be a positive number"), "\(scale): \(bad.stderr)")
        #expect(!FileManager.default.fileExists(atPath: model + scale))
    }
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
}

/// Without --mnist and SPINSIM_MNIST the command says how to give the images
/// (where the caller's environment sets SPINSIM_MNIST, the kit's test covers it).
@Test(.enabled(if: ProcessInfo.processInfo.environment["SPINSIM_MNIST"] == nil))
func withoutAnMNISTDirectoryTheErrorSaysHowToGiveOne() throws {
    let model = try temporaryDirectory().appendingPathComponent("m.h5").path
    let outcome = try spinsim(["eqspike", "train", "--save", model])
    #expect(outcome.status == 1 && outcome.stderr.contains("SPINSIM_MNIST"), "\(outcome.stderr)")
}
