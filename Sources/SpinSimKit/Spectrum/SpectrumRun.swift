import Diagnostics
import Foundation
import Formats
import Oscillators

/// What `spinsim spectrum` is asked to do, as a value.
public struct SpectrumOptions: Sendable {
    public var tracePath: String
    /// State reports (under `report/`) of the devices' phase (cycles) and,
    /// optionally, power (without it every device counts with unit amplitude).
    public var phaseReport: String
    public var powerReport: String?
    /// Columns (nodes) summed into the output; nil: all of them (a series array's summed output).
    public var nodes: [Int]?
    /// The local oscillator (MHz); nil: the mean frequency over the record.
    public var reference: Double?
    /// Welch segment length (samples).
    public var segmentLength = 256
    public var csvPath: String?
    public var replacing = false

    public init(tracePath: String, phaseReport: String, powerReport: String? = nil) {
        self.tracePath = tracePath
        self.phaseReport = phaseReport
        self.powerReport = powerReport
    }
}

/// The power spectral density of devices' output, from their recorded phase
/// and power: the output sqrt(p) e^{2 pi i (phase - f_ref t)} of each chosen
/// device (in a receiver mixed down at f_ref), summed, then Welch (Hann
/// windows, half overlap, FFTW; `WelchSpectrum`). The band is +/- half the
/// sampling rate around f_ref, so a report sampled every 100 ns shows 10 MHz.
public struct SpectrumRun: Sendable {
    public let options: SpectrumOptions
    /// Values a report may hold (samples x devices): 2^27, 1.5 GB once
    /// converted and summed; a report declaring more is refused unread.
    public static let largestReport = 1 << 27

    public init(options: SpectrumOptions) throws(InputError) {
        guard options.segmentLength >= 8 else { throw InputError(input: "--segment", message: "must be at least 8 samples") }
        if let reference = options.reference, !(reference.isFinite && reference > 0) {
            throw InputError(input: "--reference", message: "must be a positive frequency in MHz")
        }
        if let csv = options.csvPath {
            try OutputPolicy.check(csv, replacing: options.replacing)
            try OutputPolicy.checkDistinct(outputs: [.init("--out", csv)], inputs: [.init("trace", options.tracePath)])
        }
        self.options = options
    }

    /// One report: values (time x nodes), its sampling step in µs and start time in µs.
    private func report(_ name: String, in root: HDF5Group) throws(InputError) -> (rows: [[Double]], step: Double, start: Double) {
        let path = options.tracePath
        do {
            let group = try root.openGroup("report").openGroup(name)
            let data = try group.openDataset("data")
            let shape = try data.shape()
            guard shape.count == 2, shape[0] >= 1 else { throw InputError(input: path, message: "report \(name): expected a 2-D data set") }
            let values = try data.read(Float.self, atMost: Self.largestReport).map(Double.init)
            let time = try group.openGroup("mapping").openDataset("time")
            let triple = try time.read(Double.self, atMost: 3)
            let scale: Double = switch try time.attribute("units") {
            case .strings(["ms"]): 1000
            case .strings(["us"]), .strings(["µs"]): 1
            case .strings(["s"]): 1e6
            default: throw InputError(input: path, message: "report \(name): unknown time units")
            }
            guard triple.count == 3, triple[2] > 0 else { throw InputError(input: path, message: "report \(name): bad mapping/time") }
            let rows = (0..<shape[0]).map { r in Array(values[(r * shape[1])..<((r + 1) * shape[1])]) }
            return (rows, triple[2] * scale, triple[0] * scale)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(input: path, message: "report \(name): \(error)")
        }
    }

    public func run() throws(InputError) -> SpectrumResult {
        let file: HDF5File
        do { file = try HDF5File.open(path: options.tracePath) } catch {
            throw InputError(input: options.tracePath, message: "cannot open as HDF5 (\(error))")
        }
        let root: HDF5Group
        do { root = try file.rootGroup() } catch { throw InputError(input: options.tracePath, message: "\(error)") }
        let phase = try report(options.phaseReport, in: root)
        var power = (rows: phase.rows.map { $0.map { _ in 1.0 } }, step: phase.step, start: phase.start)
        if let name = options.powerReport {
            power = try report(name, in: root)
            guard phase.rows.count == power.rows.count, phase.rows[0].count == power.rows[0].count, phase.step == power.step else {
                throw InputError(input: options.tracePath, message: "reports \(options.phaseReport) and \(name) differ in shape or sampling")
            }
        }
        let columns = options.nodes ?? Array(0..<phase.rows[0].count)
        guard columns.allSatisfy({ $0 >= 0 && $0 < phase.rows[0].count }), !columns.isEmpty else {
            throw InputError(input: "--nodes", message: "must name columns 0..<\(phase.rows[0].count)")
        }
        let duration = Double(phase.rows.count - 1) * phase.step
        // Mean frequency of the chosen devices over the record (MHz), unless given.
        let reference = options.reference ?? columns.map { (phase.rows.last![$0] - phase.rows[0][$0]) / duration }.reduce(0, +)
            / Double(columns.count)
        var samples: [ComplexSample] = []
        samples.reserveCapacity(phase.rows.count)
        for (k, (phases, powers)) in zip(phase.rows, power.rows).enumerated() {
            let t = phase.start + Double(k) * phase.step
            var re = 0.0, im = 0.0
            for c in columns {
                let cycles = phases[c] - reference * t
                let angle = 2 * Double.pi * (cycles - cycles.rounded())
                re += max(powers[c], 0).squareRoot() * cos(angle)
                im += max(powers[c], 0).squareRoot() * sin(angle)
            }
            samples.append((re, im))
        }
        let spectrum: WelchSpectrum
        do {
            spectrum = try WelchSpectrum(samples: samples, sampleInterval: phase.step, segmentLength: options.segmentLength,
                                         centerFrequency: reference)
        } catch {
            throw InputError(input: options.tracePath, message: "spectrum: \(error)")
        }
        let result = SpectrumResult(spectrum: spectrum, reference: reference, devices: columns.count)
        if let csv = options.csvPath {
            let text = "frequency_mhz,density_per_mhz\n" + zip(spectrum.frequencies, spectrum.density).map { "\($0),\($1)" }.joined(separator: "\n") + "\n"
            try AtomicOutput.write(Data(text.utf8), to: csv, replacing: options.replacing)
        }
        return result
    }
}

/// The spectrum and the summary `spinsim spectrum` prints.
public struct SpectrumResult: Sendable {
    public let spectrum: WelchSpectrum
    public let reference: Double
    public let devices: Int

    public var summary: String {
        let peak = spectrum.peak(halfWidth: 2 * spectrum.binWidth)
        let total = spectrum.density.reduce(0, +) * spectrum.binWidth
        return [
            String(format: "devices summed     %d, mixed down at %.4f MHz", devices, reference),
            String(format: "band               %.4f to %.4f MHz, bins of %.4f MHz, %d segments",
                   spectrum.frequencies.first!, spectrum.frequencies.last!, spectrum.binWidth, spectrum.segmentCount),
            String(format: "strongest line     %.4f MHz, power %.4f (of %.4f in all; one device of power p alone: p)",
                   peak.frequency, peak.power, total),
        ].joined(separator: "\n")
    }
}
