/// Decides which source an oscillator follows from its simulated phase.
///
/// Over the read-out window [t_s, t_s + T] the phase difference to source S
/// drifts by d_S = [psi_i(t_s + T) - psi_i(t_s)] - f_S T cycles (psi_i the
/// oscillator's unwrapped phase, f_S the source frequency). A locked
/// oscillator keeps a constant phase difference, so |d_S| stays below a
/// fraction of a cycle; one that runs free slips |f_i - f_S| T cycles. The
/// oscillator is locked to S when |d_S| < `tolerance` cycles (default 0.5:
/// fewer than half a slip over the window), and to the source of smaller
/// drift when both qualify. With T = 4 µs the default resolves a mean
/// frequency offset of 0.125 MHz, far below the MHz detunings the inputs
/// span, while a phase wobble of a locked state (bounded by half a cycle
/// for a stable fixed point) never counts as a slip.
public struct LockDetector: Sendable, Equatable, Codable {
    /// Cycles of drift below which an oscillator counts as locked.
    public var tolerance: Double

    public init(tolerance: Double = 0.5) { self.tolerance = tolerance }

    /// The state of one oscillator whose phase advanced by `phaseAdvance`
    /// cycles over a window of `window` µs, for sources at `frequencies` (MHz, A then B).
    public func state(phaseAdvance: Double, window: Double, frequencies: [Double]) -> UInt8 {
        var best: (state: UInt8, drift: Double)? = nil
        for (s, f) in frequencies.enumerated() {
            let drift = abs(phaseAdvance - f * window)
            if drift < tolerance, drift < (best?.drift ?? .infinity) { best = (UInt8(s + 1), drift) }
        }
        return best?.state ?? LockPattern.free
    }
}
