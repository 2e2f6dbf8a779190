import Foundation

/// Temperature as a function of time: a staircase of segments, each a
/// duration (attempt periods) at one temperature. Within a segment the
/// dynamics is homogeneous and is simulated exactly; a smooth schedule is
/// represented by its staircase, which is the stated approximation (one step
/// per attempt period by default, as a sweep-based annealer changes its
/// temperature once per sweep).
public struct TemperatureSchedule: Sendable, Equatable, Codable {
    public struct Segment: Sendable, Equatable, Codable {
        /// Attempt periods.
        public var duration: Double
        /// Same units as the energy; 0 is a greedy quench, +infinity a coin flip.
        public var temperature: Double
        public init(duration: Double, temperature: Double) {
            self.duration = duration
            self.temperature = temperature
        }
    }

    public var segments: [Segment]

    public init(segments: [Segment]) throws(IsingInputError) {
        for (k, s) in segments.enumerated() {
            guard s.duration.isFinite, s.duration >= 0 else {
                throw IsingInputError("schedule segment \(k): duration must be finite and non-negative (got \(s.duration))")
            }
            guard !s.temperature.isNaN, s.temperature >= 0 else {
                throw IsingInputError("schedule segment \(k): temperature must be non-negative (got \(s.temperature))")
            }
        }
        self.segments = segments
    }

    public var duration: Double { segments.reduce(0) { $0 + $1.duration } }

    /// One temperature held for `duration`.
    public static func constant(_ temperature: Double, duration: Double) throws(IsingInputError) -> Self {
        try Self(segments: [Segment(duration: duration, temperature: temperature)])
    }

    /// A forward anneal: `steps` temperatures from `hot` to `cold`, geometric
    /// in the inverse temperature (as D-Wave's `neal` annealer), each held
    /// for `stepDuration`.
    public static func anneal(hot: Double, cold: Double, steps: Int, stepDuration: Double = 1) throws(IsingInputError) -> Self {
        guard hot.isFinite, cold.isFinite, hot > 0, cold > 0, cold <= hot else {
            throw IsingInputError("anneal: need finite temperatures 0 < cold <= hot (got hot \(hot), cold \(cold))")
        }
        guard steps >= 1, steps <= 1_000_000 else { throw IsingInputError("anneal: steps must be in 1...1000000 (got \(steps))") }
        let hotBeta = 1 / hot, coldBeta = 1 / cold
        let betas = (0..<steps).map { k in
            steps == 1 ? coldBeta : hotBeta * pow(coldBeta / hotBeta, Double(k) / Double(steps - 1))
        }
        return try Self(segments: betas.map { Segment(duration: stepDuration, temperature: 1 / $0) })
    }

    /// The automatic range of `neal` for a problem: hot enough that the
    /// costliest flip is accepted with probability about 1/2
    /// (beta_hot = ln 2 / largest local-field bound), cold enough that the
    /// smallest term flips with probability about 1/100
    /// (beta_cold = ln 100 / smallest nonzero |h| or |J|).
    public static func automaticRange(_ problem: IsingProblem) -> (hot: Double, cold: Double) {
        let scales = problem.energyScales
        guard scales.largestField > 0, scales.smallestTerm > 0 else { return (10, 1) }
        let hot = scales.largestField / log(2.0)
        let cold = min(scales.smallestTerm / log(100.0), hot)
        return (hot, cold)
    }

    /// A reverse anneal from the end of `anneal` (its coldest step): back up
    /// the same staircase to the step at `turningFraction` of it, a pause
    /// there of `pauseSteps` steps, and down again to the coldest step. With
    /// no pause this is `neal`'s reverse schedule used by Laydevant et al.
    /// (turning fraction 0.25 of a 100-step anneal: 75 steps up, 74 down).
    public func reversed(turningFraction: Double, pauseSteps: Int = 0) throws(IsingInputError) -> Self {
        guard turningFraction.isFinite, turningFraction >= 0, turningFraction < 1 else {
            throw IsingInputError("reverse anneal: turning fraction must be in [0, 1) (got \(turningFraction))")
        }
        guard pauseSteps >= 0, pauseSteps <= 1_000_000 else { throw IsingInputError("reverse anneal: pause must be 0...1000000 steps") }
        guard !segments.isEmpty else { throw IsingInputError("reverse anneal: the forward schedule is empty") }
        let turn = Int(turningFraction * Double(segments.count))
        let up = segments[turn...].reversed()
        let pause = Array(repeating: segments[turn], count: pauseSteps)
        return try Self(segments: Array(up) + pause + Array(segments[(turn + 1)...]))
    }

    /// The temperature at time t (the last segment's after the end).
    public func temperature(at t: Double) -> Double {
        var end = 0.0
        for s in segments {
            end += s.duration
            if t < end { return s.temperature }
        }
        return segments.last?.temperature ?? .infinity
    }
}

extension TemperatureSchedule {
    /// When a spin that has not flipped by `time` flips, if its flip costs
    /// `cost` (dE_i) until then: the first t with
    ///     integral from time to t of nu / (1 + exp(dE_i / T(u))) du = draw,
    /// `draw` an Exp(1) deviate and T the schedule started at `origin` (the
    /// last segment's temperature holds after its end). Exact by time
    /// rescaling: the rate is constant on each segment, so the integral is
    /// piecewise linear. +infinity if the rate vanishes for ever.
    public func flipTime(after time: Double, cost: Double, draw: Double, origin: Double, attemptRate: Double) -> Double {
        var remaining = draw
        var start = origin
        for segment in segments {
            let end = start + segment.duration
            defer { start = end }
            guard end > time else { continue }
            let from = max(start, time)
            let rate = attemptRate * GlauberDynamics.flipProbability(cost: cost, temperature: segment.temperature)
            if rate * (end - from) >= remaining { return from + remaining / rate }
            remaining -= rate * (end - from)
        }
        let rate = attemptRate * GlauberDynamics.flipProbability(cost: cost, temperature: segments.last?.temperature ?? .infinity)
        return rate > 0 ? max(start, time) + remaining / rate : .infinity
    }
}
