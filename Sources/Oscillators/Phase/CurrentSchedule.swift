/// The drive current of one oscillator: piecewise linear in time and
/// continuous, so its frequency f = f0 + k I is piecewise linear too.
///
/// The current starts at `initialCurrent` (mA) with slope `initialSlope`
/// (mA per microsecond); at each change time the slope switches to a new value
/// (an input event that starts or stops a ramp). Times in microseconds.
public struct CurrentSchedule: Sendable, Equatable {
    public struct SlopeChange: Sendable, Equatable {
        /// When the slope changes (microseconds).
        public var time: Double
        /// The new slope (mA per microsecond).
        public var slope: Double
        public init(time: Double, slope: Double) {
            self.time = time
            self.slope = slope
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

    /// Current (mA) at time t (microseconds), exact.
    public func current(at t: Double) -> Double {
        var value = initialCurrent, slope = initialSlope, since = 0.0
        for change in changes where change.time <= t {
            value += slope * (change.time - since)
            since = change.time
            slope = change.slope
        }
        return value + slope * (t - since)
    }

    /// Smallest current over [0, end]: a piecewise-linear function takes its
    /// minimum at a breakpoint or an end.
    public func minimumCurrent(until end: Double) -> Double {
        var lowest = current(at: 0)
        for change in changes where change.time <= end { lowest = min(lowest, current(at: change.time)) }
        return min(lowest, current(at: end))
    }
}
