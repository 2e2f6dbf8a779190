import ArgumentParser
import Foundation
import SpinSimKit
import SynchronyTask
import Diagnostics

struct CheeseClassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Run detectors on the samples of a CSV file (columns t2, t3, optional cheese).",
        discussion: """
            With a cheese column, prints accuracy and a confusion matrix. --target all runs \
            the four detectors and predicts the one with the highest score relative to its \
            threshold. --coupling and --linewidth override the detectors' values (e.g. \
            --coupling 0 for the uncoupled control).
            """
    )

    @Option(help: "Input CSV file.")
    var data: String

    @Option(help: "cheddar, brie, cheshire, stilton or all.")
    var target = "cheddar"

    @Option(help: "Detector parameters (JSON: one detector or a list); default: built-in detectors.")
    var params: String?

    @Option(help: "Write one prediction row per input row to this CSV file.")
    var predictions: String?

    @Option(help: "Write spikes, sampled phases and frequencies, and decisions to this HDF5 file.")
    var out: String?

    @Flag(help: "Replace the --out file if it exists.")
    var force = false

    @Option(help: "Override the coupling K (MHz) of every detector.")
    var coupling: Double?

    @Option(help: "Override the oscillator linewidth (MHz FWHM) of every detector.")
    var linewidth: Double?

    @Option(help: "Override the noise seed of every detector.")
    var seed: UInt64?

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    func validate() throws {
        guard target == "all" || cheeseClasses.contains(target) else {
            throw ValidationError("--target must be one of \(cheeseClasses.joined(separator: ", ")) or all (got \(target))")
        }
        if let coupling, !(coupling.isFinite && coupling >= 0) { throw ValidationError("--coupling must be >= 0 MHz") }
        if let linewidth, !(linewidth.isFinite && linewidth >= 0) { throw ValidationError("--linewidth must be >= 0 MHz") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let rows = try readCheeseRows(data)
        var detectors = try cheeseDetectors(target: target, parametersPath: params)
        for index in detectors.indices {
            if let coupling { detectors[index].coupling = coupling }
            if let linewidth { detectors[index].linewidth = linewidth }
            if let seed { detectors[index].seed = seed }
        }
        let samples = rows.map(\.sample)
        let start = Date()
        var decisions: [[CheeseDecision]] = []
        for parameters in detectors {
            let detector: CheeseDetector
            do { detector = try CheeseDetector(parameters: parameters) } catch { throw InputError(error.description) }
            decisions.append(detector.classify(samples, threads: cheeseThreads(threads)))
        }
        let seconds = Date().timeIntervalSince(start)
        let events = decisions.joined().reduce(UInt64(0)) { $0 + $1.events }
        let pulses = decisions.joined().reduce(UInt64(0)) { $0 + $1.pulses }

        // Per sample: the chosen detector (the only one for a single target).
        let chosen: [Int] = samples.indices.map { k in
            detectors.indices.max { decisions[$0][k].score / detectors[$0].threshold < decisions[$1][k].score / detectors[$1].threshold } ?? 0
        }
        let multiClass = detectors.count > 1
        let rowsOut = samples.indices.map { k in
            let d = decisions[chosen[k]][k]
            return CheeseCSV.Prediction(sample: samples[k], cheese: rows[k].cheese, synchronized: d.synchronized,
                                        score: d.score, predicted: multiClass ? detectors[chosen[k]].target : nil)
        }
        if let predictions {
            do {
                try CheeseCSV.format(rowsOut, includePredicted: multiClass).write(toFile: predictions, atomically: true, encoding: .utf8)
            } catch { throw InputError("\(predictions): cannot write predictions (\(error.localizedDescription))") }
        }
        if let out {
            do {
                try CheeseTrace.write(path: out, overwrite: force, detectors: detectors, samples: samples,
                                      labels: rows.map(\.cheese), decisions: decisions,
                                      commandLine: CommandLine.arguments.joined(separator: " "))
            } catch { throw InputError(error.description) }
        }

        print("samples            \(samples.count)")
        for (index, parameters) in detectors.enumerated() {
            let detected = decisions[index].filter(\.synchronized).count
            print(String(format: "%@ detector: K %.3g MHz, linewidth %.3g MHz, %d of %d samples synchronised",
                         parameters.target, parameters.coupling, parameters.linewidth, detected, samples.count))
        }
        if rows.allSatisfy({ $0.cheese != nil }) {
            let truth = rows.map { $0.cheese! }
            if multiClass {
                print(confusionReport(truth: truth, predicted: rowsOut.map { $0.predicted! }, classes: cheeseClasses))
            } else {
                let name = detectors[0].target
                let other = "not " + name
                print(confusionReport(truth: truth.map { $0 == name ? name : other },
                                      predicted: rowsOut.map { $0.synchronized ? name : other }, classes: [name, other]))
            }
        }
        print(String(format: "events             %llu (%llu coupling pulses)", events, pulses))
        print(String(format: "wall time          %.3f s", seconds))
        print(String(format: "events per second  %.3g", Double(events) / max(seconds, 1e-9)))
    }
}
