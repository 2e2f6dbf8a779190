import Diagnostics
import EqSpike
import Foundation

/// One `eqspike evaluate` run: the test accuracy of a saved model and what its
/// free phases cost, and, if asked, the free-phase trajectories of the first
/// test images (`FreePhaseRecording`). Every check (model file, images,
/// options, output file) is made before any image is evaluated.
public struct EvaluationRun {
    public let modelPath: String
    private let file: EqSpikeModelFile
    private let test: LabelledImages
    private let threads: Int
    private let recording: FreePhaseRecording?

    public init(modelPath: String, mnistDirectory: String, testLimit: Int?, threads: Int,
                recording: FreePhaseRecording?) throws {
        // No image to score would print an accuracy of "nan %".
        if let testLimit, testLimit < 1 { throw InputError(input: "--test-limit", "must be at least 1 (got \(testLimit))") }
        self.modelPath = modelPath
        file = try EqSpikeModelFile.read(path: modelPath)
        try recording?.check(model: file, modelPath: modelPath)
        test = try MNISTDirectory.load(directory: mnistDirectory, split: .test, limit: testLimit)
        try test.check(fits: file.model.layerSizes, of: modelPath)
        self.threads = max(threads, 1)
        self.recording = recording
    }

    public func execute() throws -> EvaluationSummary {
        let start = Date()
        let evaluation = switch file.settings.dynamics {
        case .rate:
            EqSpikeTrainer<RateEquilibriumNetwork>.evaluate(model: file.model, settings: file.settings, on: test,
                                                            threads: threads)
        case .spiking:
            EqSpikeTrainer<SpikingEquilibriumNetwork>.evaluate(model: file.model, settings: file.settings, on: test,
                                                               threads: threads)
        }
        let seconds = Date().timeIntervalSince(start)
        let recorded = try recording.map { recording in
            (path: recording.path, examples: try recording.write(model: file, modelPath: modelPath, images: test))
        }
        return EvaluationSummary(evaluation: evaluation, dynamics: file.settings.dynamics,
                                 layerSizes: file.model.layerSizes, seconds: seconds, recorded: recorded)
    }
}
