import ArgumentParser
import SpinSimKit
import SynchronyTask

extension SynchronyDetectorParameters.Model: ExpressibleByArgument {}

struct CheeseClassify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "classify",
        abstract: "Run detectors on the samples of a CSV file (columns t2, t3, optional cheese).",
        discussion: """
            With a cheese column, prints accuracy and a confusion matrix. --target all runs \
            the four detectors and predicts the one with the highest score relative to its \
            threshold. --coupling and --linewidth override the detectors' values (e.g. \
            --coupling 0 for the uncoupled control). With --out, the trace is recorded \
            during the classification itself (each sample is simulated once).
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

    @Flag(help: "Replace the --out and --predictions files if they exist.")
    var force = false

    @Option(help: "Built-in detectors of this oscillator model: device (spin-torque devices, spectrum read-out) or phase.")
    var model: SynchronyDetectorParameters.Model = .device

    @Option(help: "Override the coupling K (MHz) of every detector.")
    var coupling: Double?

    @Option(help: "Override the oscillator linewidth (MHz FWHM) of every detector.")
    var linewidth: Double?

    @Option(help: "Device model: standard deviation of each device's f0 (MHz), drawn per detector seed.")
    var frequencySpread: Double?

    @Option(help: "Device model: relative standard deviation of each device's current tunability.")
    var tunabilitySpread: Double?

    @Option(help: "Override the noise seed of every detector.")
    var seed: UInt64?

    @Option(help: "Threads (default: all cores; results do not depend on it).")
    var threads: Int?

    var options: ClassificationOptions {
        var options = ClassificationOptions(dataPath: data)
        options.target = target
        options.parametersPath = params
        options.predictionsPath = predictions
        options.tracePath = out
        options.replacing = force
        options.model = model
        options.coupling = coupling
        options.linewidth = linewidth
        options.frequencySpread = frequencySpread
        options.tunabilitySpread = tunabilitySpread
        options.seed = seed
        options.threads = threads
        return options
    }

    func validate() throws {
        do { try options.validate() } catch { throw ValidationError(error.description) }
    }

    func run() throws {
        print(try ClassificationRun(options: options).run().summary)
    }
}
