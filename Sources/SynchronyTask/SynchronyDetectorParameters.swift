import Oscillators
import Diagnostics

/// What a synchrony detector is: three spin-torque oscillators whose
/// frequency lines are set by their start frequencies and ramp rates, an
/// all-to-all coupling, and a threshold on the coherent power of the triad.
///
/// Task time is in task units (`timeUnit` nanoseconds each, 100 ns by
/// default); the oscillators run in real time (MHz, microseconds).
/// Oscillator i holds `startFrequencies[i]` until its input spike at t_i
/// (t1 = 0, t2, t3) and then ramps at `rampRates[i]` MHz per task unit,
/// realised as a current ramp through f = f0 + k I.
/// Two models of the oscillators (`model`):
/// - `.phase`: pulse-coupled phase oscillators with f = f0 + k I. Every
///   oscillator kicks the two others with pulse strength
///   eps = coupling / mean(startFrequencies), so that the cycle-averaged
///   (Kuramoto) coupling K = eps f is `coupling` MHz and a pair locks across
///   detunings up to about K / pi for the default sinusoidal response curve.
///   The read-out is the coherent power of the triad over `windowCycles`.
/// - `.device`: three spin-torque devices (`device`, Slavin-Tiberkevich) in
///   series on one line (`DeviceBinding`): the start frequency of each is set
///   by its DC current, the ramp by a current ramp, the coupling of the line
///   is Omega = 2 pi `coupling` (1/µs) with phase `couplingPhase`, and the
///   read-out is the spectrum of the summed RF output.
public struct SynchronyDetectorParameters: Sendable, Equatable, Codable {
    /// The oscillators a detector simulates.
    public enum Model: String, Sendable, Equatable, Codable, CaseIterable {
        case phase, device
    }

    /// Name of the class the detector says "yes" to (e.g. "cheddar").
    public var target: String
    public var model: Model
    /// Frequencies before the input spikes (MHz), one per oscillator.
    public var startFrequencies: [Double]
    /// Frequency ramp after each oscillator's input spike (MHz per task unit).
    public var rampRates: [Double]
    /// Phase model: cycle-averaged coupling K = eps f (MHz). Device model:
    /// Omega / 2 pi (MHz) of the series line, so two devices of nonlinearity
    /// nu lock across 2 coupling sqrt(1 + nu^2) |cos(couplingPhase - atan nu)| MHz.
    /// 0 switches coupling off.
    public var coupling: Double
    /// Coherent power (single-oscillator units, 9 = fully locked triad) above
    /// which the triad counts as synchronised.
    public var threshold: Double
    /// Free-running linewidth of every oscillator (MHz FWHM); 0 = noiseless.
    public var linewidth: Double
    /// Length of one task time unit (ns).
    public var timeUnit: Double
    /// Simulated duration per sample (task units).
    public var duration: Double
    /// Sliding window of the read-out (cycles of oscillator 1).
    public var windowCycles: Int
    /// f0 of the oscillators (MHz at zero current).
    public var frequencyAtZeroCurrent: Double
    /// k = df/dI of the oscillators (MHz per mA).
    public var tunability: Double
    public var responseCurve: PhaseResponseCurve
    /// Seed of the phase noise (sample k uses seed + k).
    public var seed: UInt64
    /// Device model: the physics of each of the three devices.
    public var device: DeviceParameters
    /// Device model: the coupling phase (radians); nil: atan nu at the mean
    /// start current, the widest and in-phase locking.
    public var couplingPhase: Double?
    /// Device model: the spectrum analyser's window (µs) and the half width of
    /// a line (MHz) in it.
    public var readoutWindow: Double
    public var lineHalfWidth: Double
    /// Device model: device-to-device mismatch, the standard deviation of
    /// each device's f0 (MHz) and relative standard deviation of its current
    /// tunability kI. The three devices of a detector are drawn once from its
    /// seed (one chip per seed; a Monte Carlo over seeds is one over chips).
    /// The chip is calibrated as an experiment would: each device's DC current
    /// is set for its own kI, so the start frequency errs by the f0 spread
    /// only (the calibration's residual), while the ramps are those designed
    /// for the nominal device, so each line's slope errs with its kI.
    public var frequencySpread: Double = 0
    public var tunabilitySpread: Double = 0

    public init(target: String, startFrequencies: [Double], rampRates: [Double], coupling: Double,
                threshold: Double = 6.5, linewidth: Double = 0, timeUnit: Double = 100, duration: Double = 1200,
                windowCycles: Int = 1000, frequencyAtZeroCurrent: Double = 300, tunability: Double = 5,
                responseCurve: PhaseResponseCurve = PhaseResponseCurve(), seed: UInt64 = 1, model: Model = .phase,
                device: DeviceParameters = .vortex, couplingPhase: Double? = nil, readoutWindow: Double = 5.12,
                lineHalfWidth: Double = 0.3) {
        self.target = target
        self.model = model
        self.device = device
        self.couplingPhase = couplingPhase
        self.readoutWindow = readoutWindow
        self.lineHalfWidth = lineHalfWidth
        self.startFrequencies = startFrequencies
        self.rampRates = rampRates
        self.coupling = coupling
        self.threshold = threshold
        self.linewidth = linewidth
        self.timeUnit = timeUnit
        self.duration = duration
        self.windowCycles = windowCycles
        self.frequencyAtZeroCurrent = frequencyAtZeroCurrent
        self.tunability = tunability
        self.responseCurve = responseCurve
        self.seed = seed
    }

    /// Pulse strength eps of every coupling.
    public var pulseStrength: Double {
        coupling / (startFrequencies.reduce(0, +) / Double(startFrequencies.count))
    }

    /// Microseconds per task unit.
    public var microsecondsPerUnit: Double { timeUnit / 1000 }

    /// Checks every field; the error names the field.
    public func validate() throws(InputError) {
        func fail(_ field: String, _ message: String) -> InputError { InputError(field: field, message: message) }
        guard !target.isEmpty else { throw fail("target", "must not be empty") }
        guard startFrequencies.count == 3 else { throw fail("startFrequencies", "needs 3 values, got \(startFrequencies.count)") }
        guard rampRates.count == 3 else { throw fail("rampRates", "needs 3 values, got \(rampRates.count)") }
        for (i, f) in startFrequencies.enumerated() where !(f.isFinite && f > 0) {
            throw fail("startFrequencies[\(i)]", "must be a positive number of MHz (got \(f))")
        }
        for (i, r) in rampRates.enumerated() where !r.isFinite {
            throw fail("rampRates[\(i)]", "must be finite (got \(r))")
        }
        guard coupling.isFinite, coupling >= 0 else { throw fail("coupling", "must be >= 0 MHz (got \(coupling))") }
        guard threshold.isFinite, threshold > 0 else { throw fail("threshold", "must be positive (got \(threshold))") }
        guard linewidth.isFinite, linewidth >= 0 else { throw fail("linewidth", "must be >= 0 MHz (got \(linewidth))") }
        guard timeUnit.isFinite, timeUnit > 0 else { throw fail("timeUnit", "must be a positive number of ns (got \(timeUnit))") }
        guard duration.isFinite, duration > 0 else { throw fail("duration", "must be positive (got \(duration))") }
        guard windowCycles >= 1 else { throw fail("windowCycles", "must be at least 1 (got \(windowCycles))") }
        guard frequencyAtZeroCurrent.isFinite else { throw fail("frequencyAtZeroCurrent", "must be finite") }
        guard tunability.isFinite, tunability != 0 else { throw fail("tunability", "must be finite and non-zero") }
        guard responseCurve.sine.isFinite, responseCurve.cosine.isFinite else {
            throw fail("responseCurve", "harmonic amplitudes must be finite")
        }
        if model == .device {
            do { try device.validate() } catch { throw error.inside(field: "device") }
            if let couplingPhase, !couplingPhase.isFinite { throw fail("couplingPhase", "must be finite (radians)") }
            guard readoutWindow.isFinite, readoutWindow > 0, readoutWindow < duration * microsecondsPerUnit else {
                throw fail("readoutWindow", "must be a positive time in µs shorter than the run (got \(readoutWindow))")
            }
            guard lineHalfWidth.isFinite, lineHalfWidth >= 0 else { throw fail("lineHalfWidth", "must be >= 0 MHz") }
            guard frequencySpread.isFinite, frequencySpread >= 0 else { throw fail("frequencySpread", "must be >= 0 MHz") }
            guard tunabilitySpread.isFinite, tunabilitySpread >= 0, tunabilitySpread < 0.5 else {
                throw fail("tunabilitySpread", "must be in [0, 0.5) (a relative standard deviation)")
            }
        }
        // Worst case: a line ramping down for the whole run must stay above 0 Hz.
        for i in 0..<3 where startFrequencies[i] + min(0, rampRates[i]) * duration <= 0 {
            throw fail("rampRates[\(i)]", "frequency would fall to zero within the duration")
        }
    }
}

