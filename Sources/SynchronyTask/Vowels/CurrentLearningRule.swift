import Diagnostics
import Oscillators

/// The online rule on the oscillators' DC currents, applied after every
/// training token the network answers wrongly (in the spirit of Romera et
/// al. 2018: move an oscillator's frequency towards the input it should
/// follow).
///
/// For a token with sources at f_A, f_B, each oscillator i whose lock state
/// P_i differs from its vowel's target T_i moves its free-running frequency
/// f_i = f(I_i) (the nominal device's f0 + kI I + Nf p0(I)) towards a goal g_i:
///
///     T_i = S (should follow S):     g_i = f_S + clamp(f_i - f_S, -D_iS / 2, D_iS / 2)
///                                    (the nearest point of the inner half of S's locking range)
///     T_i = free, P_i = S (follows S but should not):
///                                    g_i = f_S + sign(f_i - f_S) * 1.05 D_iS
///                                    (just outside the range, on the side it is on)
///     f_i <- f_i + eta (g_i - f_i),   I_i <- f^-1(f_i), clamped to the working range of currents,
///
/// with D_iS = F_S sqrt(1 + nu^2) / (2 pi sqrt(p0)) at I_i, the small-signal
/// locking half-range (`DeviceParameters.lockingHalfRange`). The rule knows
/// only the nominal device and the inputs; whether a device actually locks
/// (coupling, spread, noise) comes from the simulated lock state, so the
/// rule corrects what its model of the device gets wrong.
public struct CurrentLearningRule: Sendable, Equatable, Codable {
    /// eta of the first epoch (dimensionless, in (0, 1]); the trainer decays it linearly.
    public var rate: Double

    public init(rate: Double = 0.2) { self.rate = rate }

    public func validate() throws(InputError) {
        guard rate.isFinite, rate > 0, rate <= 1 else {
            throw InputError(field: "rate", message: "must be in (0, 1] (got \(rate))")
        }
    }

    /// The currents after one token. `pattern` is what the network did,
    /// `target` what it should have done, `sourceFrequencies` (MHz, A then B).
    public func updated(currents: [Double], pattern: LockPattern, target: LockPattern,
                        sourceFrequencies: (a: Double, b: Double), rate eta: Double,
                        network: VowelNetworkParameters) -> [Double] {
        let device = network.device
        let range = network.currentRange
        let sources = [sourceFrequencies.a, sourceFrequencies.b]
        var result = currents
        for i in currents.indices where pattern.states[i] != target.states[i] {
            let f = device.freeRunningFrequency(atCurrent: currents[i])
            func halfRange(_ s: Int) -> Double {
                device.lockingHalfRange(driveAmplitude: network.sourceAmplitudes[s], atCurrent: currents[i])
            }
            let goal: Double
            if target.states[i] != LockPattern.free {
                let s = Int(target.states[i]) - 1, d = halfRange(s)
                goal = sources[s] + min(max(f - sources[s], -d / 2), d / 2)
            } else {
                let s = Int(pattern.states[i]) - 1, d = halfRange(s)
                goal = sources[s] + (f >= sources[s] ? 1.05 : -1.05) * d
            }
            let moved = f + eta * (goal - f)
            let lowest = device.freeRunningFrequency(atCurrent: range.lowerBound)
            let highest = device.freeRunningFrequency(atCurrent: range.upperBound)
            if moved <= lowest { result[i] = range.lowerBound }
            else if moved >= highest { result[i] = range.upperBound }
            else { result[i] = DeviceBinding.current(device, forFrequency: moved)! }
        }
        return result
    }
}
