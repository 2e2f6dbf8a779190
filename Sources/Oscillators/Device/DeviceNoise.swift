import Diagnostics

/// Thermal noise of a device: complex white noise f_n(t) with
/// <f_n(t) f_n*(t')> = 2 D_n delta(t - t') (D_n in 1/µs), additive.
///
/// Slavin and Tiberkevich (sec. VII): D_n = Gamma_+(p0) k_B T / E0, with E0
/// the energy of the oscillation mode at unit power. The phase then diffuses
/// as a Wiener process of coefficient D_n / (2 p0) rad^2/µs, a Lorentzian line
/// of FWHM D_n / (2 pi p0) MHz for a linear oscillator; amplitude-phase
/// coupling multiplies it by (1 + nu^2) when the line is narrower than the
/// amplitude relaxation (the low-temperature limit). D_n is evaluated at the
/// operating point and then held constant (additive noise), so the
/// stochastic integration needs no Ito correction.
public enum DeviceNoise: Sendable, Equatable, Codable {
    case none
    /// D_n such that the free-running line at `current` (mA) has this FWHM (MHz),
    /// (1 + nu^2) included.
    case linewidth(Double, atCurrent: Double)
    /// Temperature (K) and mode energy E0 at unit power (J), at the operating current (mA).
    case thermal(temperature: Double, modeEnergy: Double, atCurrent: Double)

    /// k_B (J/K).
    public static let boltzmann = 1.380649e-23

    /// D_n (1/µs) for `device`.
    public func strength(for device: DeviceParameters) -> Double {
        switch self {
        case .none:
            return 0
        case let .linewidth(fwhm, current):
            let p0 = device.stationaryPower(atCurrent: current)
            let nu = device.nonlinearity(atCurrent: current)
            return 2 * Double.pi * p0 * fwhm / (1 + nu * nu)
        case let .thermal(temperature, energy, current):
            let p0 = device.stationaryPower(atCurrent: current)
            return device.dampingRate * (1 + device.nonlinearDamping * p0) * Self.boltzmann * temperature / energy
        }
    }

    public func validate(for device: DeviceParameters, field: String) throws(InputError) {
        switch self {
        case .none:
            return
        case let .linewidth(fwhm, current):
            guard fwhm.isFinite, fwhm >= 0 else { throw InputError(field: field, message: "linewidth must be >= 0 MHz (got \(fwhm))") }
            guard device.stationaryPower(atCurrent: current) > 0 else {
                throw InputError(field: field, message: "a linewidth is defined above threshold only (\(current) mA <= I_th = \(device.thresholdCurrent) mA)")
            }
        case let .thermal(temperature, energy, current):
            guard temperature.isFinite, temperature >= 0 else { throw InputError(field: field, message: "temperature must be >= 0 K (got \(temperature))") }
            guard energy.isFinite, energy > 0 else { throw InputError(field: field, message: "mode energy must be > 0 J (got \(energy))") }
            guard current.isFinite else { throw InputError(field: field, message: "operating current must be finite") }
        }
    }
}
