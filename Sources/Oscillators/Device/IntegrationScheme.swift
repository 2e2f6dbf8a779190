import Diagnostics

/// How a `DeviceArray` integrates the complex amplitudes between events. Every
/// scheme works in each device's rotating frame: device i's amplitude is
/// held as z_i = c_i exp(i Phi_i(t)), with Phi_i re-anchored at every step
/// start to the device's phase and advancing at its instantaneous frequency
/// omega(p_i, I_i), so a step follows the envelope (relaxation, coupling,
/// detuning from the drive), never the carrier.
public enum IntegrationScheme: Sendable, Equatable, Codable {
    /// Dormand-Prince 5(4) with step control: each step's local error
    /// estimate e_i (from the embedded 4th-order solution) satisfies
    /// max_i |e_i| / (absoluteTolerance + relativeTolerance |z_i|) <= 1;
    /// steps never exceed `maximumStep` (µs) and end on every current slope
    /// change and RF on/off time.
    case adaptive(relativeTolerance: Double, absoluteTolerance: Double, maximumStep: Double)
    /// Dormand-Prince 5th order at a fixed step (µs), no error control: for convergence studies.
    case fixedDormandPrince(step: Double)
    /// Stochastic Heun (predictor-corrector) at a fixed step (µs): strong
    /// order 1 for additive noise, order 2 without noise. Required when any
    /// device has noise.
    case stochasticHeun(step: Double)

    /// rtol 1e-9, atol 1e-11, at most 20 ns per step.
    public static let standard = IntegrationScheme.adaptive(relativeTolerance: 1e-9, absoluteTolerance: 1e-11, maximumStep: 0.02)

    public var isStochastic: Bool {
        if case .stochasticHeun = self { return true }
        return false
    }

    public func validate() throws(InputError) {
        switch self {
        case let .adaptive(rtol, atol, maximumStep):
            guard rtol.isFinite, rtol > 0, atol.isFinite, atol > 0 else {
                throw InputError(field: "integration", message: "tolerances must be positive (got rtol \(rtol), atol \(atol))")
            }
            guard maximumStep.isFinite, maximumStep > 0 else {
                throw InputError(field: "integration.maximumStep", message: "must be a positive time in µs (got \(maximumStep))")
            }
        case let .fixedDormandPrince(step), let .stochasticHeun(step):
            guard step.isFinite, step > 0 else {
                throw InputError(field: "integration.step", message: "must be a positive time in µs (got \(step))")
            }
        }
    }
}
