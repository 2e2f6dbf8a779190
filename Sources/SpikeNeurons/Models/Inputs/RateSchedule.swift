import EventCore

/// A firing rate constant in steps, `rates[k]` (Hz) from `segmentStarts[k]`
/// (ms) to the next start, the last for ever, and spikes only in [start, stop).
/// Draws the spikes of one Poisson source at that rate, exactly: within a
/// segment of rate r the intervals are exponential with mean 1000 / r ms;
/// an interval that would end past the segment is dropped and a new one is
/// drawn from the segment's end at the next rate. That is exact because the
/// process is memoryless: after a time without a spike, the time to the next
/// one does not depend on how long the wait has been.
struct RateSchedule: Sendable {
    /// From 0, increasing.
    let segmentStarts: [Double]
    let rates: [Double]
    let start: Double
    /// +infinity: never stops.
    let stop: Double

    /// The first spike after `time` drawn from `random`, +infinity when none
    /// falls before `stop`. One segment without a stop draws exactly as a
    /// constant-rate source: `time` plus one exponential interval.
    func nextSpike(after time: Double, _ random: inout Xoshiro256StarStar) -> Double {
        var (now, segment) = (time, segment(containing: time))
        while now < stop {
            let end = min(segment + 1 < segmentStarts.count ? segmentStarts[segment + 1] : .infinity, stop)
            if rates[segment] > 0 {
                let spike = now + random.exponential(mean: 1000 / rates[segment])
                if spike < end { return spike }
            }
            (now, segment) = (end, segment + 1)
        }
        return .infinity
    }

    /// The last segment starting at or before `time` (binary search).
    private func segment(containing time: Double) -> Int {
        var (low, high) = (0, segmentStarts.count)
        while high - low > 1 {
            let middle = (low + high) / 2
            if segmentStarts[middle] <= time { low = middle } else { high = middle }
        }
        return low
    }
}
