import EventCore
import Foundation

/// Continuous-time heat-bath (Glauber) dynamics of an `IsingProblem`.
///
/// Each spin attempts an update at the times of its own Poisson clock of
/// rate nu (`attemptRate`); at an attempt at temperature T it takes the
/// value +1 with the heat-bath probability
///
///     P(s_i = +1) = 1 / (1 + exp(-2 L_i / T)),   L_i = h_i + sum_j J_ij s_j,
///
/// so it flips at rate w_i = nu / (1 + exp(dE_i / T)) with dE_i = 2 s_i L_i,
/// the energy the flip costs. Detailed balance w(s -> s') / w(s' -> s) =
/// exp(-(E(s') - E(s)) / T) makes the Boltzmann distribution stationary at
/// fixed T. Temperatures follow a `TemperatureSchedule` (piecewise constant).
///
/// Two exact simulations of the same process (`Scheme`), both without time
/// step or sweep order:
/// - `attemptClock` (uniformisation): the N clocks merged into one of rate
///   N nu; at each tick a uniformly chosen spin draws its heat-bath value.
///   The attempt times do not depend on the state, so nothing is rescheduled;
///   a flip updates its neighbours' local fields (one add each).
/// - `flipQueue` (rejection free): each spin's next flip time drawn from its
///   current rate w_i in an `IndexedMinHeap`; a flip changes only its
///   neighbours' rates, so only they are redrawn (exponential clocks are
///   memoryless, so redrawing is exact), and all are redrawn at a change of
///   temperature.
/// `spinsim-bench ising` measures both; the trainer uses the faster.
public struct GlauberDynamics: Sendable {
    public enum Scheme: String, Sendable, CaseIterable, Codable {
        case attemptClock, flipQueue
    }

    public let problem: IsingProblem
    /// Attempts per spin per unit time.
    public var attemptRate = 1.0
    public var scheme = Scheme.attemptClock

    /// Spins and their local fields, kept consistent flip by flip.
    public struct State: Sendable, Equatable {
        public var spins: [Int8]
        public var localFields: [Double]
        /// Attempt periods since the state was made.
        public var time = 0.0
    }

    /// What a run cost: attempts (ticks of the attempt clock, or flips for
    /// the flip queue, which attempts nothing in vain) and flips. 64-bit.
    public struct Counters: Sendable, Equatable, Codable {
        public var attempts: UInt64 = 0
        public var flips: UInt64 = 0
        public init() {}
        public static func += (a: inout Self, b: Self) {
            a.attempts += b.attempts
            a.flips += b.flips
        }
    }

    public init(problem: IsingProblem, scheme: Scheme = .attemptClock) {
        self.problem = problem
        self.scheme = scheme
    }

    public func state(_ spins: [Int8]) -> State {
        precondition(spins.count == problem.spinCount && spins.allSatisfy { $0 == 1 || $0 == -1 }, "one spin of +-1 per field")
        return State(spins: spins, localFields: problem.localFields(spins))
    }

    /// A state with every spin +1 or -1 with probability 1/2.
    public func randomState(_ rng: inout Xoshiro256StarStar) -> State {
        state((0..<problem.spinCount).map { _ in rng.next() >> 63 == 0 ? -1 : 1 })
    }

    /// Heat-bath probability that a spin with local field `field` is +1 at `temperature`.
    @inlinable
    public static func upProbability(field: Double, temperature: Double) -> Double {
        if temperature == 0 { return field > 0 ? 1 : field < 0 ? 0 : 0.5 }
        return 1 / (1 + exp(-2 * field / temperature))
    }

    /// Heat-bath probability that an attempt flips a spin whose flip costs
    /// `cost` = dE_i: 1 / (1 + exp(dE_i / T)), computed directly so that a
    /// rate near 0 keeps its relative precision.
    @inlinable
    public static func flipProbability(cost: Double, temperature: Double) -> Double {
        if temperature == 0 { return cost < 0 ? 1 : cost > 0 ? 0 : 0.5 }
        return 1 / (1 + exp(cost / temperature))
    }

    /// Runs `state` through `schedule`; `observe`, if given, is called at
    /// the times `observeEvery`, 2 `observeEvery`, ... (state as it is then).
    @discardableResult
    public func run(_ state: inout State, schedule: TemperatureSchedule, rng: inout Xoshiro256StarStar,
                    observeEvery: Double = .infinity, observe: ((State) -> Void)? = nil) -> Counters {
        var counters = Counters()
        guard problem.spinCount > 0 else { return counters }
        var nextObservation = observe == nil ? Double.infinity : state.time + observeEvery
        for segment in schedule.segments where segment.duration > 0 {
            let end = state.time + segment.duration
            // Observation times split the segment; the clocks are memoryless, so
            // restarting them at a split changes nothing.
            while true {
                let stop = min(end, nextObservation)
                switch scheme {
                case .attemptClock: attemptClock(&state, until: stop, temperature: segment.temperature, &rng, &counters)
                case .flipQueue: flipQueue(&state, until: stop, temperature: segment.temperature, &rng, &counters)
                }
                state.time = stop
                if stop == nextObservation {
                    observe?(state)
                    nextObservation += observeEvery
                }
                if stop == end { break }
            }
        }
        return counters
    }

    private func attemptClock(_ state: inout State, until end: Double, temperature: Double,
                              _ rng: inout Xoshiro256StarStar, _ counters: inout Counters) {
        let n = UInt64(problem.spinCount)
        let meanWait = 1 / (attemptRate * Double(n))
        var t = state.time
        problem.rowStart.withUnsafeBufferPointer { rowStart in
        problem.neighbours.withUnsafeBufferPointer { neighbours in
        problem.couplings.withUnsafeBufferPointer { couplings in
        state.spins.withUnsafeMutableBufferPointer { spins in
        state.localFields.withUnsafeMutableBufferPointer { fields in
            while true {
                t += rng.exponential(mean: meanWait)
                if t >= end { break }
                counters.attempts += 1
                let i = Int(rng.index(below: n))
                let up = rng.uniform() < Self.upProbability(field: fields[i], temperature: temperature)
                let value: Int8 = up ? 1 : -1
                guard value != spins[i] else { continue }
                spins[i] = value
                counters.flips += 1
                // L_j changes by J_ij (s_i' - s_i) = 2 J_ij s_i'.
                let twice = 2 * Double(value)
                for k in Int(rowStart[i])..<Int(rowStart[i + 1]) {
                    fields[Int(neighbours[k])] += twice * couplings[k]
                }
            }
        }}}}}
    }

    private func flipQueue(_ state: inout State, until end: Double, temperature: Double,
                           _ rng: inout Xoshiro256StarStar, _ counters: inout Counters) {
        let start = state.time
        func flipRate(_ i: Int) -> Double {
            attemptRate * Self.flipProbability(cost: 2 * Double(state.spins[i]) * state.localFields[i], temperature: temperature)
        }
        func nextFlip(after t: Double, rate: Double, _ rng: inout Xoshiro256StarStar) -> Double {
            rate > 0 ? t + rng.exponential(mean: 1 / rate) : .infinity
        }
        var heap = IndexedMinHeap(keys: (0..<problem.spinCount).map { nextFlip(after: start, rate: flipRate($0), &rng) })
        while heap.minKey < end {
            let t = heap.minKey, i = heap.minSlot!
            counters.attempts += 1
            counters.flips += 1
            state.spins[i] = -state.spins[i]
            let twice = 2 * Double(state.spins[i])
            for k in Int(problem.rowStart[i])..<Int(problem.rowStart[i + 1]) {
                let j = Int(problem.neighbours[k])
                state.localFields[j] += twice * problem.couplings[k]
                heap.setKey(nextFlip(after: t, rate: flipRate(j), &rng), of: j)
            }
            heap.setKey(nextFlip(after: t, rate: flipRate(i), &rng), of: i)
        }
    }
}
