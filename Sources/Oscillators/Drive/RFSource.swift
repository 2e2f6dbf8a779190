import Diagnostics

/// An external microwave signal on the devices' line, in the equation's terms
/// F(t) = amplitude exp(-i (2 pi frequency t + phase)) while on, 0 otherwise
/// (the rotating-wave part of a real RF current; the counter-rotating part
/// averages out over a carrier cycle and is dropped).
///
/// `amplitude` is the F of dc/dt (1/µs). A device of power p0 and
/// nonlinearity nu locks to it across |f - f(p0)| <= amplitude sqrt(1 + nu^2) / (2 pi sqrt(p0)) MHz
/// (`DeviceParameters.lockingHalfRange`).
public struct RFSource: Sendable, Equatable, Codable {
    /// Frequency (MHz).
    public var frequency: Double
    /// F (1/µs).
    public var amplitude: Double
    /// Phase at t = 0 (radians).
    public var phase: Double
    /// On from `start` (µs) ...
    public var start: Double
    /// ... until `stop` (µs; +infinity: never off).
    public var stop: Double

    public init(frequency: Double, amplitude: Double, phase: Double = 0, start: Double = 0, stop: Double = .infinity) {
        self.frequency = frequency
        self.amplitude = amplitude
        self.phase = phase
        self.start = start
        self.stop = stop
    }

    public func isOn(at t: Double) -> Bool { t >= start && t < stop }

    public func validate(field: String) throws(InputError) {
        guard frequency.isFinite, frequency > 0 else {
            throw InputError(field: "\(field).frequency", message: "must be a positive frequency in MHz (got \(frequency))")
        }
        guard amplitude.isFinite, amplitude >= 0 else {
            throw InputError(field: "\(field).amplitude", message: "must be >= 0 (1/µs; got \(amplitude))")
        }
        guard phase.isFinite else { throw InputError(field: "\(field).phase", message: "must be finite (got \(phase))") }
        guard start.isFinite, start >= 0, !stop.isNaN, stop > start else {
            throw InputError(field: "\(field).start", message: "needs 0 <= start < stop (got \(start), \(stop))")
        }
    }
}
