import Diagnostics

extension NetworkDescription {
    /// The longest run, in time constants, whose clock still resolves a
    /// model's time constants: at end / tau = 2^40 a double's step at the end
    /// time is 2^-12 tau. Beyond it a state scaled by exp((t - t0) / tau)
    /// cannot be rebased (the rebasing grid no longer advances) and would
    /// overflow: a cell with tau_m = 1e-300 ms hung the run.
    public static let timeConstantsPerRun = 0x1p40

    /// Throws when a population's time constant (`ModelSchema.timeConstants`)
    /// is too short for a run ending at `end` (ms), naming the parameter.
    public func checkTimeResolution(until end: Double) throws(InputError) {
        let shortest = end / Self.timeConstantsPerRun
        for (index, population) in populations.enumerated() {
            for name in population.model.schema.timeConstants {
                guard case let .scalar(tau)? = population.parameters[name], tau < shortest else { continue }
                throw InputError(field: "population[\(index)].\(name)", message: String(
                    "is \(tau) ms, too short for a run to \(end) ms: the clock resolves time constants down to end / 2^40 = \(shortest) ms"))
            }
        }
    }
}
