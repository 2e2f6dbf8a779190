/// The grid on which a population moves its time origin forward (`lif`,
/// `lif_exp`): origins start + k * step. Which step is due at a time is a
/// function of that time alone, so a neuron's state does not depend on
/// when, or in which part of a network, the steps are taken.
struct RebasingGrid: Sendable {
    var start: Double
    /// ms
    let step: Double

    /// The number of steps due at `time`: the largest k with
    /// start + k * step <= time, as the step times are compared. (Four
    /// corrections at most: a time constant too short for the clock to
    /// resolve is refused before a run: `NetworkDescription.checkTimeResolution`.)
    @inline(__always)
    func stepsDue(at time: Double) -> Double {
        var k = max(((time - start) / step).rounded(.down), 0)
        for _ in 0..<4 where start + (k + 1) * step <= time { k += 1 }
        for _ in 0..<4 where k > 0 && start + k * step > time { k -= 1 }
        return k
    }

    /// The origin of step k.
    @inline(__always)
    func origin(_ k: Double) -> Double { start + k * step }
}
