import ArgumentParser
import Foundation
import SpinSimKit
import SynchronyTask
import Diagnostics

struct CheeseTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Learn a detector (start frequencies, ramp rates, coupling, threshold) for one class.",
        discussion: """
            A seeded search over the frequency lines proposes candidates (closest three-way \
            approach for positives vs negatives); each is then simulated on all samples with \
            several couplings, and the detector whose simulated scores separate the classes \
            best is saved. Use a release build: training simulates about 15 x the samples.
            """
    )

    @Option(help: "Labelled CSV file (columns t2, t3, cheese).")
    var data: String

    @Option(help: "Class to detect (a value of the cheese column).")
    var target: String

    @Option(help: "Write the trained detector to this JSON file.")
    var save: String

    @Option(help: "Seed of the search.")
    var seed: UInt64 = 1

    @Option(help: "Couplings K to try, in MHz (comma-separated).")
    var couplings = "1,1.5,2,2.5,3"

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    func run() throws {
        let rows = try readCheeseRows(data)
        guard rows.allSatisfy({ $0.cheese != nil }) else { throw InputError("\(data): training needs a cheese column") }
        let name = target.lowercased()
        let labels = rows.map { $0.cheese == name }
        guard labels.contains(true) else { throw InputError("\(data): no sample of class \(name)") }
        guard labels.contains(false) else { throw InputError("\(data): every sample is of class \(name)") }
        var trainer = CheeseDetectorTrainer()
        trainer.seed = seed
        trainer.threads = cheeseThreads(threads)
        let values = couplings.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard !values.isEmpty, values.allSatisfy({ $0 != nil && $0!.isFinite && $0! >= 0 }) else {
            throw InputError("--couplings must be a comma-separated list of non-negative numbers (got \(couplings))")
        }
        trainer.couplings = values.map { $0! }
        let start = Date()
        guard let result = trainer.train(target: name, samples: rows.map(\.sample), labels: labels,
                                         progress: { FileHandle.standardError.write(Data(("  " + $0 + "\n").utf8)) }) else {
            throw InputError("training found no valid detector")
        }
        let seconds = Date().timeIntervalSince(start)
        do {
            try CheeseParameterFile.json(result.parameters).write(toFile: save, atomically: true, encoding: .utf8)
        } catch { throw InputError("\(save): cannot write parameters (\(error))") }
        let p = result.parameters
        print("target             \(name)")
        print("start frequencies  \(p.startFrequencies.map { String(format: "%.4f", $0) }.joined(separator: ", ")) MHz")
        print("ramp rates         \(p.rampRates.map { String(format: "%.6f", $0) }.joined(separator: ", ")) MHz/unit")
        print(String(format: "coupling K         %.3g MHz, threshold %.3f", p.coupling, p.threshold))
        print(String(format: "line geometry      positives meet within %.3f MHz, negatives stay >= %.3f MHz apart",
                     result.positiveSpread, result.negativeSpread))
        print(String(format: "simulated scores   positives >= %.3f, negatives <= %.3f",
                     result.lowestPositiveScore, result.highestNegativeScore))
        print(String(format: "training accuracy  %d/%d", result.correct, result.total))
        print(String(format: "simulations        %d (%llu events), wall time %.1f s", result.simulations, result.events, seconds))
        print("saved              \(save)")
    }
}
