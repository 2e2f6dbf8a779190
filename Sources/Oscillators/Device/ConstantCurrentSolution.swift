#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The exact evolution of an undriven, noiseless device (`DeviceParameters`)
/// held at a constant current I from a state of power p_s, for tau >= 0 µs.
///
/// With F = 0 and no noise the power obeys a logistic equation,
///
///     dp/dt = 2 p (a - b p),   a = sigma I - Gamma_G = Gamma_G (zeta - 1),   b = sigma I + Gamma_G Q,
///
/// whose solution and integral are
///
///     p(tau) = p_s / (e^{-2 a tau} + b p_s (1 - e^{-2 a tau}) / a)
///     int_0^tau p = ln(1 + b p_s (e^{2 a tau} - 1) / a) / (2 b),
///
/// and the phase advances by psi(tau) - psi_s = 2 pi (f0 + kI I) tau + N int_0^tau p.
/// Written with expm1 and log1p through (e^x - 1)/x and ln(1 + y)/y, both
/// stay exact to rounding at a = 0 (the threshold, where p = p_s / (1 + 2 b p_s tau))
/// and at b = 0, and the forms used for large 2 a tau never overflow.
public struct ConstantCurrentSolution: Sendable, Equatable {
    /// a (1/µs).
    public let growthRate: Double
    /// b (1/µs).
    public let saturationRate: Double
    /// p_s: power at tau = 0.
    public let initialPower: Double
    /// 2 pi (f0 + kI I): angular frequency at zero power (rad/µs).
    public let linearAngularFrequency: Double
    /// N = 2 pi Nf (rad/µs per unit power).
    public let angularShift: Double

    public init(device: DeviceParameters, current: Double, initialPower: Double) {
        let sigmaI = device.spinTransferEfficiency * current
        growthRate = sigmaI - device.dampingRate
        saturationRate = sigmaI + device.dampingRate * device.nonlinearDamping
        self.initialPower = initialPower
        linearAngularFrequency = 2 * Double.pi * (device.frequency + device.currentTunability * current)
        angularShift = 2 * Double.pi * device.nonlinearShift
    }

    /// p(tau).
    public func power(after tau: Double) -> Double {
        let x = -2 * growthRate * tau
        return initialPower / (exp(x) + saturationRate * initialPower * 2 * tau * expm1OverX(x))
    }

    /// The integral of p from 0 to tau (µs).
    public func powerIntegral(after tau: Double) -> Double {
        let x = 2 * growthRate * tau
        let b = saturationRate, ps = initialPower
        if x > 30 {
            // ln(1 + r (e^x - 1)) = x + ln(r + (1 - r) e^{-x}), r = b p_s / a > 0: no overflow.
            let r = b * ps / growthRate
            return (x + log(r + (1 - r) * exp(-x))) / (2 * b)
        }
        let y = ps * 2 * tau * expm1OverX(x)
        return y * log1pOverX(b * y) / 2
    }

    /// psi(tau) - psi_s (radians).
    public func phaseAdvance(after tau: Double) -> Double {
        linearAngularFrequency * tau + angularShift * powerIntegral(after: tau)
    }

    /// omega(p(tau)) (rad/µs).
    public func angularFrequency(after tau: Double) -> Double {
        linearAngularFrequency + angularShift * power(after: tau)
    }

    /// The tau at which the phase has advanced by `advance` > 0 radians.
    ///
    /// psi is increasing (the device's frequency is positive at every power,
    /// which `DeviceParameters.validateFrequencyPositive` checks) and its rate
    /// omega(p) moves monotonically from omega(p_s) towards omega(p_infinity),
    /// so the root lies between advance / omega_max and advance / omega_min.
    /// Newton's method on the closed form, kept inside that bracket, converges
    /// quadratically; it stops when a step is below 4 ulp of tau, so the time
    /// is the closed form's to rounding.
    public func time(toAdvancePhaseBy advance: Double) -> Double {
        let limitPower = growthRate > 0 && saturationRate > 0 ? growthRate / saturationRate : 0
        let omegaStart = angularFrequency(after: 0)
        let omegaLimit = linearAngularFrequency + angularShift * limitPower
        var lower = advance / max(omegaStart, omegaLimit)
        var upper = advance / min(omegaStart, omegaLimit)
        var tau = advance / omegaStart
        for _ in 0..<60 {
            let residual = phaseAdvance(after: tau) - advance
            if residual > 0 { upper = min(upper, tau) } else { lower = max(lower, tau) }
            var next = tau - residual / angularFrequency(after: tau)
            if !(next > lower && next < upper) { next = 0.5 * (lower + upper) }
            let step = abs(next - tau)
            tau = next
            if step <= 4 * tau.ulp || upper - lower <= 4 * tau.ulp { break }
        }
        return tau
    }
}

/// (e^x - 1)/x, 1 at x = 0; exact to rounding for every x (expm1 is).
@inline(__always)
func expm1OverX(_ x: Double) -> Double { x == 0 ? 1 : expm1(x) / x }

/// ln(1 + y)/y, 1 at y = 0.
@inline(__always)
func log1pOverX(_ y: Double) -> Double { y == 0 ? 1 : log1p(y) / y }
