import Diagnostics
import Foundation
import SpinSimKit
import SynchronyTask
import Testing
import TestSupport

/// Two Cheddar samples, one Brie and one Stilton of the benchmark.
private let fourSamples = "t2,t3,cheese\n400.0000,294.4785,cheddar\n279.7203,387.7221,Brie\n420.3152,344.3329,cheddar\n449.4382,477.1372,stilton\n"

/// Options for a quick training run on `text`, saving into a new directory.
private func quickTraining(_ text: String, target: String = "brie") throws -> DetectorTrainingOptions {
    let directory = try temporaryDirectory()
    let data = directory.appendingPathComponent("samples.csv").path
    try text.write(toFile: data, atomically: true, encoding: .utf8)
    var options = DetectorTrainingOptions(dataPath: data, target: target,
                                          savePath: directory.appendingPathComponent("detector.json").path)
    options.trainer.randomCandidates = 2_000
    options.trainer.refinementSteps = 300
    options.trainer.simulatedCandidates = 1
    options.trainer.objectives = [.separating]
    options.trainer.couplings = [2]
    options.threads = 2
    return options
}

@Test func trainingRunSavesADetectorThatClassifiesItsSamples() throws {
    var options = try quickTraining(fourSamples, target: "BRIE")
    let run = try DetectorTrainingRun(options: options)
    #expect(run.labels == [false, true, false, false])
    var stages: [String] = []
    let result = try run.run { stages.append($0) }
    #expect(stages.count == 2 && stages[0].hasPrefix("proposal (separating):") && stages[1].hasPrefix("simulated K 2.0 MHz"))
    #expect(result.training.correct == 4 && result.training.parameters.target == "brie")
    #expect(result.summary.contains("training accuracy  4/4") && result.summary.hasSuffix("saved              \(options.savePath)"))
    // The saved file is the detector, and classifying with it reproduces the training decisions.
    let saved = try DetectorFile.read(path: options.savePath)
    #expect(saved == [result.training.parameters], "\(saved) vs \(result.training.parameters)")
    var classification = ClassificationOptions(dataPath: options.dataPath)
    classification.target = "brie"
    classification.parametersPath = options.savePath
    let classified = try ClassificationRun(options: classification).run()
    #expect(classified.decisions[0].map(\.synchronized) == run.labels)
    #expect(classified.confusion?.correct == 4)
    // The same run again refuses to replace the saved detector, before training.
    #expect(throws: InputError(input: options.savePath, "already exists; pass --force to replace it")) {
        try DetectorTrainingRun(options: options)
    }
    options.replacing = true
    options.trainer.seed = 2
    #expect(try DetectorTrainingRun(options: options).run().training.correct == 4)
    #expect(!FileManager.default.fileExists(atPath: options.savePath + ".partial"))
}

@Test func trainingNeedsLabelsOfBothKindsAndValidCouplings() throws {
    func failure(_ text: String, target: String = "brie") throws -> String? {
        do { _ = try DetectorTrainingRun(options: try quickTraining(text, target: target)) } catch let error as InputError {
            return error.message
        }
        return nil
    }
    #expect(try failure("t2,t3\n1,2\n") == "training needs a cheese column")
    #expect(try failure("t2,t3,cheese\n1,2,brie\n", target: "cheddar") == "no sample of class cheddar")
    #expect(try failure("t2,t3,cheese\n1,2,brie\n") == "every sample is of class brie")
    #expect(try DetectorTrainingOptions.couplings(from: "1, 1.5,2") == [1, 1.5, 2])
    for bad in ["", "1,x", "1,-2", "nan"] {
        #expect(throws: InputError.self) { try DetectorTrainingOptions.couplings(from: bad) }
    }
}
