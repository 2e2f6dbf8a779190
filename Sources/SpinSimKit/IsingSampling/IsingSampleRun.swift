import Diagnostics
import Foundation
import Ising

/// `spinsim ising sample`: anneals a problem file several times and reports
/// the distinct final states by energy (in the file's convention).
public struct IsingSampleRun: Sendable {
    public var file: IsingProblemFile
    public var reads = 100
    public var steps = 1000
    /// nil: the automatic range (`TemperatureSchedule.automaticRange`).
    public var hot: Double?
    public var cold: Double?
    public var seed: UInt64 = 1
    public var threads = 1
    public var scheme = GlauberDynamics.Scheme.attemptClock

    public init(file: IsingProblemFile) { self.file = file }

    public struct Sample: Sendable, Equatable {
        public var spins: [Int8]
        /// In the file's convention.
        public var energy: Double
        public var occurrences: Int
    }

    public struct Result: Sendable {
        /// Distinct final states, lowest energy first.
        public var samples: [Sample]
        public var schedule: (hot: Double, cold: Double)
        public var counters: GlauberDynamics.Counters
        public var wallSeconds: Double
    }

    public func execute() throws(InputError) -> Result {
        guard (1...10_000_000).contains(reads) else { throw InputError(input: "--reads", "must be in 1...10000000 (got \(reads))") }
        guard (1...1_000_000).contains(steps) else { throw InputError(input: "--steps", "must be in 1...1000000 (got \(steps))") }
        guard (1...4096).contains(threads) else { throw InputError(input: "--threads", "must be in 1...4096 (got \(threads))") }
        let automatic = TemperatureSchedule.automaticRange(file.problem)
        let range = (hot: hot ?? automatic.hot, cold: cold ?? min(automatic.cold, hot ?? automatic.hot))
        let schedule: TemperatureSchedule
        do { schedule = try .anneal(hot: range.hot, cold: range.cold, steps: steps) } catch {
            throw InputError(input: "--hot/--cold", error.problem)
        }
        let start = Date()
        let sampler = IsingSampler(dynamics: GlauberDynamics(problem: file.problem, scheme: scheme), schedule: schedule)
        let all = sampler.reads(reads, seed: seed, threads: threads)
        var counters = GlauberDynamics.Counters()
        var distinct: [[Int8]: Int] = [:]
        for read in all {
            counters += read.counters
            distinct[read.spins, default: 0] += 1
        }
        let samples = distinct.map { Sample(spins: $0.key, energy: file.problem.energy($0.key), occurrences: $0.value) }
            .sorted { a, b in
                // Lowest energy, then most often found, then the spins: an order that never depends on hashing.
                if a.energy != b.energy { return a.energy < b.energy }
                if a.occurrences != b.occurrences { return a.occurrences > b.occurrences }
                return a.spins.lexicographicallyPrecedes(b.spins)
            }
        return Result(samples: samples, schedule: range, counters: counters, wallSeconds: Date().timeIntervalSince(start))
    }
}
