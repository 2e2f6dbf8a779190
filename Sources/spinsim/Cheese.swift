import ArgumentParser
import Foundation
import SpinSimKit
import SynchronyTask
import Diagnostics

/// `spinsim cheese`: the Cheddar task (Romera et al. 2022) on simulated coupled oscillators.
struct Cheese: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Classify (t2, t3) input-spike pairs by mutual synchronisation of three coupled oscillators.",
        discussion: """
            Input neuron 1 spikes at t1 = 0, neurons 2 and 3 at t2 and t3 (task units, \
            100 ns by default); each spike starts its oscillator's current ramp. A sample \
            is recognised when the simulated, pulse-coupled triad mutually synchronises \
            (coherent power of the group above the detector's threshold).
            """,
        subcommands: [CheeseClassify.self, CheeseTrain.self]
    )
}

/// The four classes of the benchmark, in the order of confusion matrices.
let cheeseClasses = ["cheddar", "brie", "cheshire", "stilton"]

/// Reads a Cheddar-task CSV, mapping errors to one-line command errors.
func readCheeseRows(_ path: String) throws -> [CheeseRow] {
    do { return try CheeseCSV.read(path: path) } catch { throw InputError(error.description) }
}

/// Detectors for a target: from a parameter file, or built in.
func cheeseDetectors(target: String, parametersPath: String?) throws -> [CheeseDetectorParameters] {
    let targets = target == "all" ? cheeseClasses : [target]
    if let parametersPath {
        let loaded: [CheeseDetectorParameters]
        do { loaded = try CheeseParameterFile.read(path: parametersPath) } catch { throw InputError(error.description) }
        return try targets.map { name in
            if targets.count == 1 && loaded.count == 1 { return loaded[0] }
            guard let match = loaded.first(where: { $0.target == name }) else {
                throw InputError("\(parametersPath): no detector with target \(name)")
            }
            return match
        }
    }
    return try targets.map { name in
        guard let builtIn = CheeseDetectorParameters.builtIn(target: name) else {
            throw InputError("no built-in detector for \(name): pass --params")
        }
        return builtIn
    }
}

/// Threads for classifying samples: all cores (results do not depend on it).
func cheeseThreads(_ requested: Int?) -> Int {
    requested ?? ProcessInfo.processInfo.activeProcessorCount
}

/// Accuracy line and confusion matrix (rows: true class, columns: predicted).
func confusionReport(truth: [String], predicted: [String], classes: [String]) -> String {
    let correct = zip(truth, predicted).filter { $0 == $1 }.count
    let width = max(10, (classes.map(\.count).max() ?? 0) + 2)
    func pad(_ text: String) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
    var lines = [String(format: "accuracy %d/%d (%.1f %%)", correct, truth.count, 100 * Double(correct) / Double(truth.count))]
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(pad("") + classes.map(pad).joined())
    for actual in classes {
        let counts = classes.map { guess in zip(truth, predicted).filter { $0 == actual && $1 == guess }.count }
        lines.append(pad(actual) + counts.map { pad("\($0)") }.joined())
    }
    return lines.joined(separator: "\n")
}
