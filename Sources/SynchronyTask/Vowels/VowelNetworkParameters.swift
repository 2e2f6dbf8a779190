import Diagnostics
import Oscillators

/// The physical network of the vowel task (Romera et al., Nature 563, 230,
/// 2018) and how a token is read: N vortex oscillators in series on one line
/// (N = 4 by default), two microwave sources A and B on the same line, and
/// the lock detector's window.
///
/// Defaults: the vortex device of `DeviceParameters.vortex`; oscillators
/// start at 1/3 and 2/3 of each sub-band of `FormantEncoding` (two read F1,
/// two F2); base source amplitudes F_A = 1.5 and F_B = 2.3 /µs, whose
/// small-signal locking half-ranges are about 3 MHz in each sub-band (the
/// range shrinks with the device's power, so the upper band needs the
/// stronger drive; with two sources on the line the simulated ranges are
/// about half that, 323.25-326.25 MHz for the device at 324.67 MHz), and
/// which training scales by the factor of best training accuracy; series
/// coupling 0.5 /µs at the phase atan(nu), where mutual locking is widest
/// (0.8 MHz of mutual half-range between two devices), so neighbours pull
/// on one another without merging; no noise and no device spread; 4 µs of
/// settling (the slowest amplitude relaxation, 1/(2 Gamma_p) at the lowest
/// current, is 0.7 µs) and a 4 µs read-out window.
public struct VowelNetworkParameters: Sendable, Equatable, Codable {
    public var device: DeviceParameters
    /// Free-running frequency of each oscillator before training (MHz); their count is N.
    public var initialFrequencies: [Double]
    /// F of source A and of source B (1/µs).
    public var sourceAmplitudes: [Double]
    /// Series coupling strength (1/µs); 0 turns coupling off.
    public var couplingStrength: Double
    /// Coupling phase (radians); nil: atan(nu) at the mean initial current.
    public var couplingPhase: Double?
    /// FWHM of each free-running line (MHz), (1 + nu^2) included; 0: no noise.
    public var linewidth: Double
    /// Standard deviation of the devices' f0 about the nominal one (MHz): the
    /// chip's device-to-device spread, drawn once from `seed`. Training and
    /// the learning rule know only the nominal device.
    public var frequencySpread: Double
    /// Settling time before the read-out window (µs).
    public var settlingTime: Double
    /// Read-out window (µs).
    public var window: Double
    public var detector: LockDetector
    /// Seeds the chip's spread and each token's noise.
    public var seed: UInt64

    public init(device: DeviceParameters = .vortex,
                initialFrequencies: [Double] = VowelNetworkParameters.thirds(FormantEncoding.defaultBandA)
                    + VowelNetworkParameters.thirds(FormantEncoding.defaultBandB),
                sourceAmplitudes: [Double] = [1.5, 2.3], couplingStrength: Double = 0.5, couplingPhase: Double? = nil,
                linewidth: Double = 0, frequencySpread: Double = 0, settlingTime: Double = 4, window: Double = 4,
                detector: LockDetector = LockDetector(), seed: UInt64 = 1) {
        self.device = device
        self.initialFrequencies = initialFrequencies
        self.sourceAmplitudes = sourceAmplitudes
        self.couplingStrength = couplingStrength
        self.couplingPhase = couplingPhase
        self.linewidth = linewidth
        self.frequencySpread = frequencySpread
        self.settlingTime = settlingTime
        self.window = window
        self.detector = detector
        self.seed = seed
    }

    /// The points at 1/3 and 2/3 of a band.
    public static func thirds(_ band: FormantEncoding.Range) -> [Double] {
        [1, 2].map { band.lower + Double($0) * (band.upper - band.lower) / 3 }
    }

    public var count: Int { initialFrequencies.count }

    /// The lowest and highest frequency the nominal device reaches in its
    /// working range of currents (1.05 I_th to 3 I_th).
    public var currentRange: ClosedRange<Double> { (1.05 * device.thresholdCurrent)...(3 * device.thresholdCurrent) }

    public func validate() throws(InputError) {
        try device.validate()
        guard (1...16).contains(count) else {
            throw InputError(field: "initialFrequencies", message: "needs 1 to 16 oscillators (got \(count))")
        }
        let lowest = device.freeRunningFrequency(atCurrent: currentRange.lowerBound)
        let highest = device.freeRunningFrequency(atCurrent: currentRange.upperBound)
        for (i, f) in initialFrequencies.enumerated() where !(f.isFinite && f > lowest && f < highest) {
            throw InputError(field: "initialFrequencies[\(i)]", message:
                "\(f) MHz is outside the device's working range \(lowest)...\(highest) MHz (1.05 to 3 times the threshold current)")
        }
        guard sourceAmplitudes.count == 2, sourceAmplitudes.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 100 }) else {
            throw InputError(field: "sourceAmplitudes", message: "needs two amplitudes in [0, 100] /µs (A, B)")
        }
        guard couplingStrength.isFinite, couplingStrength >= 0, couplingStrength <= 100 else {
            throw InputError(field: "couplingStrength", message: "must be in [0, 100] /µs (got \(couplingStrength))")
        }
        if let phase = couplingPhase, !phase.isFinite {
            throw InputError(field: "couplingPhase", message: "must be finite radians")
        }
        guard linewidth.isFinite, linewidth >= 0, linewidth <= 100 else {
            throw InputError(field: "linewidth", message: "must be in [0, 100] MHz (got \(linewidth))")
        }
        guard frequencySpread.isFinite, frequencySpread >= 0, frequencySpread <= 50 else {
            throw InputError(field: "frequencySpread", message: "must be in [0, 50] MHz (got \(frequencySpread))")
        }
        guard settlingTime.isFinite, settlingTime >= 0, settlingTime <= 1000 else {
            throw InputError(field: "settlingTime", message: "must be in [0, 1000] µs (got \(settlingTime))")
        }
        guard window.isFinite, window > 0, window <= 1000 else {
            throw InputError(field: "window", message: "must be in (0, 1000] µs (got \(window))")
        }
        guard detector.tolerance.isFinite, detector.tolerance > 0, detector.tolerance <= 10 else {
            throw InputError(field: "detector.tolerance", message: "must be in (0, 10] cycles (got \(detector.tolerance))")
        }
    }
}
