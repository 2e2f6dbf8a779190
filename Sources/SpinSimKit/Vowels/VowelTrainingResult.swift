import Foundation
import SynchronyTask

/// What a vowel training run measured: the trained network (and the
/// coupling-off control) on training and test talkers, beside software
/// classifiers fitted on the same training tokens.
public struct VowelTrainingResult: Sendable {
    public struct Network: Sendable {
        public var model: VowelModel
        public var curve: [VowelEpochRecord]
        public var chosenEpoch: Int
        public var trainingAnswers: [VowelModel.Answer]
        public var testAnswers: [VowelModel.Answer]
        /// Each drive scale tried and the training tokens it answered right.
        public var driveSelection: [(scale: Double, trainingCorrect: Int)]
    }

    public var vowels: [String]
    public var training: [FormantSample]
    public var test: [FormantSample]
    public var main: Network
    public var couplingOff: Network?
    public var provenance: [String: String]
    public var seconds: Double

    func accuracy(_ answers: [VowelModel.Answer], _ samples: [FormantSample]) -> String {
        let correct = zip(answers, samples).filter { $0.vowel == $1.vowel }.count
        return String(format: "%.1f %% (%d/%d)", 100 * Double(correct) / Double(max(samples.count, 1)), correct, samples.count)
    }

    public var summary: String {
        var lines: [String] = []
        lines.append("vowels \(vowels.joined(separator: ",")): \(training.count) training tokens, \(test.count) test tokens (disjoint talkers)")
        var rows = [["", "training", "test"]]
        rows.append(["oscillators (coupled)", accuracy(main.trainingAnswers, training), accuracy(main.testAnswers, test)])
        if let off = couplingOff {
            rows.append(["oscillators, coupling off", accuracy(off.trainingAnswers, training), accuracy(off.testAnswers, test)])
        }
        for baseline in VowelBaselines(training: training, test: test, vowels: vowels).rows {
            rows.append([baseline.name, baseline.training, baseline.test])
        }
        lines += aligned(rows)
        for (name, network) in [("coupled", Optional(main)), ("coupling off", couplingOff)] {
            guard let network, network.driveSelection.count > 1 else { continue }
            lines.append("drive chosen by training accuracy (\(name)): " + network.driveSelection.map {
                String(format: "x%.2f %.1f %%", $0.scale, 100 * Double($0.trainingCorrect) / Double(training.count))
            }.joined(separator: ", ") + "; kept F = " + network.model.network.sourceAmplitudes.map { String(format: "%.3f", $0) }
                .joined(separator: ", ") + " /µs")
        }
        lines.append("learning curve (network at the start of each epoch; test scored for the curve only):")
        var curve = [["epoch", "training", "test", "updates"]]
        for r in main.curve {
            curve.append(["\(r.epoch)", String(format: "%.1f", 100 * r.trainingAccuracy),
                          r.monitorAccuracy.map { String(format: "%.1f", 100 * $0) } ?? "-", "\(r.updates)"])
        }
        lines += aligned(curve)
        lines.append("kept epoch \(main.chosenEpoch) (highest training accuracy); currents "
            + main.model.currents.map { String(format: "%.4f", $0) }.joined(separator: ", ") + " mA")
        lines.append("test confusion:")
        lines.append(ConfusionMatrix(truth: test.map { vowels[$0.vowel] }, predicted: main.testAnswers.map { vowels[$0.vowel] },
                                     classes: vowels).report)
        lines.append(String(format: "%.1f s", seconds))
        return lines.joined(separator: "\n")
    }
}
