import EventCore

/// Independent reads of one problem under one schedule, as an annealer
/// returns them: each read starts from its own random state (or a given
/// one) and draws from its own random stream, so read r is the same
/// whatever the number of reads or threads.
public struct IsingSampler: Sendable {
    public var dynamics: GlauberDynamics
    public var schedule: TemperatureSchedule

    public init(dynamics: GlauberDynamics, schedule: TemperatureSchedule) {
        self.dynamics = dynamics
        self.schedule = schedule
    }

    public struct Read: Sendable, Equatable {
        public var spins: [Int8]
        public var energy: Double
        public var counters: GlauberDynamics.Counters
    }

    /// Read `index` of the run named `key`.
    public func read(_ index: Int, seed: UInt64, key: StreamKey, from initial: [Int8]? = nil) -> Read {
        var rng = Xoshiro256StarStar(seed: seed, key: key.with(UInt64(index)))
        var state = initial.map { dynamics.state($0) } ?? dynamics.randomState(&rng)
        let counters = dynamics.run(&state, schedule: schedule, rng: &rng)
        return Read(spins: state.spins, energy: dynamics.problem.energy(state.spins), counters: counters)
    }

    /// `count` reads, in read order (not sorted), on up to `threads` threads.
    public func reads(_ count: Int, seed: UInt64, key: StreamKey = StreamKey("ising-sample"), threads: Int = 1) -> [Read] {
        ParallelMap.run(count: count, threads: threads) { read($0, seed: seed, key: key) }
    }
}
