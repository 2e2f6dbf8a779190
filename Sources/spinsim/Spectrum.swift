import ArgumentParser
import SpinSimKit

struct Spectrum: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Power spectral density of spin-torque devices' output, from their phase and power reports.",
        discussion: """
            Sums sqrt(p) exp(2 pi i (phase - f_ref t)) over the chosen devices (all by default: a \
            series array's summed output) and prints the strongest line of its Welch spectrum \
            (Hann windows, half overlap). Reports are those of `cheese classify --out` \
            (e.g. cheddar_sample0_phase, cheddar_sample0_power) or of a network run recording an \
            stno population's phase (report named after the population; amplitudes then 1).
            """
    )

    @Argument(help: "HDF5 trace.")
    var trace: String

    @Option(help: "State report of the phases (cycles).")
    var phase: String

    @Option(help: "State report of the powers (default: unit amplitude for every device).")
    var power: String?

    @Option(help: "Columns to sum, comma-separated (default: all).")
    var nodes: String?

    @Option(help: "Local oscillator frequency in MHz (default: the mean frequency).")
    var reference: Double?

    @Option(help: "Welch segment length in samples.")
    var segment = 256

    @Option(help: "Write the spectrum (frequency_mhz, density_per_mhz) to this CSV file.")
    var out: String?

    @Flag(help: "Replace --out if it exists.")
    var force = false

    func run() throws {
        var options = SpectrumOptions(tracePath: trace, phaseReport: phase, powerReport: power)
        if let nodes {
            let parsed = nodes.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard parsed.allSatisfy({ $0 != nil }) else { throw ValidationError("--nodes: expected comma-separated integers") }
            options.nodes = parsed.map { $0! }
        }
        options.reference = reference
        options.segmentLength = segment
        options.csvPath = out
        options.replacing = force
        print(try SpectrumRun(options: options).run().summary)
    }
}
