import ArgumentParser
import SynchronyTask

private let defaults = VowelNetworkParameters()

/// The chip and read-out options of `vowels train`.
struct VowelNetworkOptions: ParsableArguments {
    @Option(help: "Series coupling strength (1/µs); 0: coupling off.")
    var coupling = defaults.couplingStrength

    @Option(help: "Coupling phase (radians; default atan(nu) at the mean initial current).")
    var couplingPhase: Double?

    @Option(help: "Amplitudes F of sources A and B (1/µs), comma-separated.")
    var sourceAmplitudes = defaults.sourceAmplitudes.map { "\($0)" }.joined(separator: ",")

    @Option(help: "Initial free-running frequencies of the oscillators (MHz), comma-separated; their count is the network's size.")
    var initialFrequencies = defaults.initialFrequencies.map { "\($0)" }.joined(separator: ",")

    @Option(help: "Linewidth (FWHM, MHz) of each free-running oscillator: thermal noise; 0: none.")
    var linewidth = defaults.linewidth

    @Option(help: "Device-to-device spread of f0 (standard deviation, MHz), drawn from --seed.")
    var frequencySpread = defaults.frequencySpread

    @Option(help: "Settling time before the read-out window (µs).")
    var settling = defaults.settlingTime

    @Option(help: "Read-out window (µs).")
    var window = defaults.window

    @Option(help: "Lock tolerance: phase drift (cycles) over the window below which an oscillator follows a source.")
    var lockTolerance = defaults.detector.tolerance

    @Option(help: "Seed of the device spread, the noise and the training order.")
    var seed = defaults.seed

    func value() throws -> VowelNetworkParameters {
        VowelNetworkParameters(
            initialFrequencies: try numbers(initialFrequencies, "--initial-frequencies"),
            sourceAmplitudes: try numbers(sourceAmplitudes, "--source-amplitudes"), couplingStrength: coupling,
            couplingPhase: couplingPhase, linewidth: linewidth, frequencySpread: frequencySpread, settlingTime: settling,
            window: window, detector: LockDetector(tolerance: lockTolerance), seed: seed)
    }
}

/// Comma-separated numbers; the error names the option.
func numbers(_ text: String, _ option: String) throws -> [Double] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map {
        guard let value = Double($0.trimmingCharacters(in: .whitespaces)), value.isFinite else {
            throw ValidationError("\(option): \"\($0)\" is not a finite number")
        }
        return value
    }
}

/// Comma-separated names.
func names(_ text: String) -> [String] {
    text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
}
