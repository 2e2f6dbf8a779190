#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What can be read of the devices at a time t inside the pending step
/// (t_n <= t <= step end; with no step pending, t = t_n): the interpolated
/// state, without changing the dynamics.
extension DeviceArray {
    /// Time of the last accepted step (µs).
    public var stepStartTime: Double { time }

    @inline(__always)
    func offset(_ t: Double) -> Double {
        precondition(t >= time - 1e-12 && t <= (pendingStep ? stepEnd : time) + 1e-12,
                     "device state is readable inside the pending step only")
        return min(max(t - time, 0), pendingStep ? stepEnd - time : 0)
    }

    /// p_i(t).
    public func power(_ i: Int, at t: Double) -> Double { interpolated(i, offset: offset(t)).z.magnitudeSquared }

    /// psi_i(t) in cycles, unwrapped (its integer part counts cycles since 0).
    public func phase(_ i: Int, at t: Double) -> Double { phaseRadians(i, offset: offset(t)) / (2 * Double.pi) }

    /// d psi_i/dt (MHz): the instantaneous frequency.
    public func frequency(_ i: Int, at t: Double) -> Double {
        let (z, dz) = interpolated(i, offset: offset(t))
        return (frameRate[i] - (z.re * dz.im - z.im * dz.re) / z.magnitudeSquared) / (2 * Double.pi)
    }

    /// The device's RF output voltage, sqrt(p_i) cos psi_i, in units of the
    /// voltage at unit power (the measured voltage is this times the
    /// device's magnetoresistive amplitude, a constant of the sample).
    public func rfVoltage(_ i: Int, at t: Double) -> Double {
        let tau = offset(t)
        return interpolated(i, offset: tau).z.magnitudeSquared.squareRoot() * cos(phaseRadians(i, offset: tau))
    }

    /// sqrt(p_i) exp(i (psi_i - 2 pi f_ref t)): the device's output mixed down
    /// by a local oscillator at `reference` MHz, as a receiver (or a spectrum
    /// analyser) sees it; a line at f_ref + df appears at +df.
    public func basebandAmplitude(_ i: Int, reference: Double, at t: Double) -> Complex {
        let tau = offset(t)
        let magnitude = interpolated(i, offset: tau).z.magnitudeSquared.squareRoot()
        // Reduce the carrier phase to cycles before taking the sine, so no precision is lost to large angles.
        let cycles = phaseRadians(i, offset: tau) / (2 * Double.pi) - reference * t
        return magnitude * Complex.unit(2 * Double.pi * (cycles - cycles.rounded()))
    }

    /// The sum over devices of `basebandAmplitude`: the series array's summed output.
    public func summedBaseband(reference: Double, at t: Double) -> Complex {
        var sum = Complex.zero
        for i in 0..<count { sum += basebandAmplitude(i, reference: reference, at: t) }
        return sum
    }

    /// The drive current of device i at t (mA).
    public func driveCurrent(_ i: Int, at t: Double) -> Double { current[i] + currentSlope[i] * offset(t) }
}
