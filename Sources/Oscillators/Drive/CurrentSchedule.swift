/// The drive current of one oscillator: piecewise linear in time, with
/// optional jumps, so piecewise-constant currents (a reservoir's input) and
/// ramps (the synchrony task's input) are both exact.
///
/// The current starts at `initialCurrent` (mA) with slope `initialSlope`
/// (mA per microsecond); at each change time it jumps by `step` (mA, 0 for a
/// continuous current) and its slope switches to a new value (an input event
/// that starts or stops a ramp, or sets a new level). Times in microseconds.
public struct CurrentSchedule: Sendable, Equatable {
    public struct SlopeChange: Sendable, Equatable {
        /// When the slope changes (microseconds).
        public var time: Double
        /// The new slope (mA per microsecond).
        public var slope: Double
        /// Jump of the current at `time` (mA).
        public var step: Double
        public init(time: Double, slope: Double, step: Double = 0) {
            self.time = time
            self.slope = slope
            self.step = step
        }
    }

    /// Current at time 0 (mA).
    public var initialCurrent: Double
    /// Slope from time 0 until the first change (mA per microsecond).
    public var initialSlope: Double
    /// Slope changes in non-decreasing time order.
    public var changes: [SlopeChange]

    public init(initialCurrent: Double, initialSlope: Double = 0, changes: [SlopeChange] = []) {
        precondition(zip(changes, changes.dropFirst()).allSatisfy { $0.time <= $1.time },
                     "slope changes must be in time order")
        self.initialCurrent = initialCurrent
        self.initialSlope = initialSlope
        self.changes = changes
    }

    /// A current held at `current` until `start`, then ramping at `slope`
    /// for the rest of the run: the input of the synchrony task, where an
    /// input spike starts its oscillator's frequency ramp.
    public static func ramp(from current: Double, startingAt start: Double, slope: Double) -> CurrentSchedule {
        CurrentSchedule(initialCurrent: current, changes: [SlopeChange(time: start, slope: slope)])
    }

    /// Piecewise-constant current: `levels[k]` (mA) from `k * duration` µs
    /// on, from time 0 (a time-multiplexed input), holding the last level.
    public static func steps(_ levels: [Double], every duration: Double) -> CurrentSchedule {
        precondition(!levels.isEmpty && duration > 0, "at least one level and a positive duration")
        return CurrentSchedule(
            initialCurrent: levels[0],
            changes: levels.indices.dropFirst().map {
                SlopeChange(time: Double($0) * duration, slope: 0, step: levels[$0] - levels[$0 - 1])
            })
    }

    /// Current (mA) at time t (microseconds), exact; at a jump, the value after it.
    public func current(at t: Double) -> Double {
        var value = initialCurrent, slope = initialSlope, since = 0.0
        for change in changes where change.time <= t {
            value += slope * (change.time - since) + change.step
            since = change.time
            slope = change.slope
        }
        return value + slope * (t - since)
    }

    /// Smallest current over [0, end]: a piecewise-linear function takes its
    /// minimum at a breakpoint (either side of a jump) or an end.
    public func minimumCurrent(until end: Double) -> Double {
        var lowest = current(at: 0)
        for change in changes where change.time <= end {
            let after = current(at: change.time)
            lowest = min(lowest, after, after - change.step)
        }
        return min(lowest, current(at: end))
    }
}
