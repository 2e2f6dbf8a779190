import Diagnostics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One spin-torque nano-oscillator as a nonlinear auto-oscillator (Slavin and
/// Tiberkevich, IEEE Trans. Magn. 45, 1875, 2009), for a DC current I:
///
///     dc/dt = -i omega(p, I) c - Gamma_+(p) c + Gamma_-(p, I) c + F(t) + f_n(t),   p = |c|^2
///     omega(p, I) = 2 pi (f0 + kI I + Nf p)          (rad/µs)
///     Gamma_+(p)  = Gamma_G (1 + Q p)                 (positive damping, 1/µs)
///     Gamma_-(p, I) = sigma I (1 - p),  sigma = Gamma_G / I_th   (spin-transfer torque)
///
/// p is the dimensionless oscillation power (0 at rest, below 1), c = sqrt(p) exp(-i psi)
/// with psi the oscillation phase (radians, increasing). Units: time in µs,
/// frequencies in MHz, rates in 1/µs, currents in mA.
///
/// `currentTunability` kI is a term beyond the auto-oscillator model of the
/// paper: in vortex oscillators most of the frequency's dependence on current
/// comes from the Oersted field of the current itself, linear in I (Dussaux et
/// al., PRB 86, 014402, 2012), not from the power. It does not act on the
/// amplitude-phase coupling, which is N alone: nu = N p0 / Gamma_p with
/// N = 2 pi Nf. Set it to 0 for the paper's model.
///
/// Derived quantities at constant current (closed forms, tested):
/// threshold I_th; supercriticality zeta = I / I_th; free-running power
/// p0 = (zeta - 1)/(zeta + Q) for zeta > 1, else 0; amplitude relaxation rate
/// of p near p0, 2 Gamma_p = 2 Gamma_G (zeta - 1); free-running frequency
/// f0 + kI I + Nf p0; injection-locking half range F sqrt(1 + nu^2) / sqrt(p0).
public struct DeviceParameters: Sendable, Equatable, Codable {
    /// f0: frequency of the linear (small-amplitude) mode at zero current (MHz).
    public var frequency: Double
    /// kI: linear shift of the frequency with current (MHz per mA), the Oersted-field term.
    public var currentTunability: Double
    /// Nf = N / 2 pi: nonlinear frequency shift per unit power (MHz); positive for vortex cores.
    public var nonlinearShift: Double
    /// Gamma_G: Gilbert damping rate of the mode (1/µs).
    public var dampingRate: Double
    /// Q: nonlinear damping coefficient (dimensionless).
    public var nonlinearDamping: Double
    /// I_th = Gamma_G / sigma: the current at which auto-oscillation starts (mA).
    public var thresholdCurrent: Double

    public init(frequency: Double = 300, currentTunability: Double = 4, nonlinearShift: Double = 7,
                dampingRate: Double = 2.5, nonlinearDamping: Double = 2, thresholdCurrent: Double = 4) {
        self.frequency = frequency
        self.currentTunability = currentTunability
        self.nonlinearShift = nonlinearShift
        self.dampingRate = dampingRate
        self.nonlinearDamping = nonlinearDamping
        self.thresholdCurrent = thresholdCurrent
    }

    /// Vortex-oscillator defaults: at 6 mA (zeta = 1.5) the device runs at
    /// 325 MHz with power 0.143, relaxes its power in 0.4 µs, tunes by
    /// 4.4 MHz/mA and has nonlinearity nu = 5 (locking widened sqrt(1 + nu^2) = 5.1
    /// times over a phase-only oscillator): the ranges of MODELS.md §6
    /// (a few hundred MHz, several MHz/mA, 0.1-0.8 µs, threshold a few mA).
    public static let vortex = DeviceParameters()

    /// sigma = Gamma_G / I_th: spin-transfer efficiency (1/(µs mA)).
    public var spinTransferEfficiency: Double { dampingRate / thresholdCurrent }

    /// zeta = I / I_th.
    public func supercriticality(atCurrent current: Double) -> Double { current / thresholdCurrent }

    /// p0 = (zeta - 1)/(zeta + Q) above threshold, 0 below.
    public func stationaryPower(atCurrent current: Double) -> Double {
        let zeta = supercriticality(atCurrent: current)
        return zeta > 1 ? (zeta - 1) / (zeta + nonlinearDamping) : 0
    }

    /// Gamma_p = Gamma_G (zeta - 1): half the relaxation rate of p about p0 (1/µs).
    public func amplitudeRelaxationRate(atCurrent current: Double) -> Double {
        dampingRate * (supercriticality(atCurrent: current) - 1)
    }

    /// omega(p, I) / 2 pi (MHz).
    @inline(__always)
    public func frequency(atPower power: Double, current: Double) -> Double {
        frequency + currentTunability * current + nonlinearShift * power
    }

    /// Frequency of the free-running device at current I (MHz).
    public func freeRunningFrequency(atCurrent current: Double) -> Double {
        frequency(atPower: stationaryPower(atCurrent: current), current: current)
    }

    /// nu = N p0 / Gamma_p (dimensionless); 0 below threshold.
    public func nonlinearity(atCurrent current: Double) -> Double {
        let p0 = stationaryPower(atCurrent: current)
        guard p0 > 0 else { return 0 }
        return 2 * Double.pi * nonlinearShift * p0 / amplitudeRelaxationRate(atCurrent: current)
    }

    /// Half width of the injection-locking band for a drive of amplitude F
    /// (1/µs, the F of the equation): |f_e - f(p0)| <= F sqrt(1 + nu^2) / (2 pi sqrt(p0)) MHz,
    /// the small-signal result of Slavin and Tiberkevich (sec. VI).
    public func lockingHalfRange(driveAmplitude: Double, atCurrent current: Double) -> Double {
        let p0 = stationaryPower(atCurrent: current)
        let nu = nonlinearity(atCurrent: current)
        return driveAmplitude * (1 + nu * nu).squareRoot() / (2 * Double.pi * p0.squareRoot())
    }

    /// Checks every field; the error names the field.
    public func validate() throws(InputError) {
        func check(_ value: Double, _ field: String, _ condition: Bool, _ requirement: String) throws(InputError) {
            guard value.isFinite, condition else {
                throw InputError(field: field, message: "must be \(requirement) (got \(value))")
            }
        }
        try check(frequency, "frequency", frequency > 0, "a positive frequency in MHz")
        try check(currentTunability, "currentTunability", true, "finite (MHz/mA)")
        try check(nonlinearShift, "nonlinearShift", true, "finite (MHz)")
        try check(dampingRate, "dampingRate", dampingRate > 0, "a positive rate in 1/µs")
        try check(nonlinearDamping, "nonlinearDamping", nonlinearDamping > -1, "above -1 (dimensionless)")
        try check(thresholdCurrent, "thresholdCurrent", thresholdCurrent > 0, "a positive current in mA")
    }

    /// Checks that the device's frequency stays positive for every power in
    /// [0, 1] at `current` (mA): the phase must increase for spikes (one per
    /// cycle) to be defined. The error names `field`.
    public func validateFrequencyPositive(atCurrent current: Double, field: String) throws(InputError) {
        let lowest = frequency(atPower: min(0, nonlinearShift) < 0 ? 1 : 0, current: current)
        guard current.isFinite, lowest > 0 else {
            throw InputError(field: field, message: "a current of \(current) mA gives a frequency of \(lowest) MHz; it must stay positive")
        }
    }
}
