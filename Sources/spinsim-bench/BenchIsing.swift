import ArgumentParser
import EventCore
import Foundation
import Ising

extension SpinSimBench {
    struct IsingAnneal: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ising",
            abstract: "Time the two Glauber schemes on the problems Ising EP poses (784-120-40, MNIST-like inputs).",
            discussion: """
                Both schemes simulate the same heat-bath process; this measures which is \
                faster on the trainer's problem: a network after a few updates (weights \
                at their initial scale), a random sparse input of about 150 bright pixels, \
                --steps temperatures over the automatic range, one thread.
                """
        )

        @Option(help: "Anneals per scheme.")
        var anneals = 2000
        @Option(help: "Temperature steps per anneal.")
        var steps = 100

        func run() throws {
            let network = IsingNetwork(seed: 1)
            var rng = Xoshiro256StarStar(seed: 2)
            var pixels: [Int32] = [], values: [Double] = []
            for p in 0..<network.inputCount where rng.uniform() < 0.19 {
                pixels.append(Int32(p))
                values.append(rng.uniform(0.3, 1))
            }
            let problem = network.problem(pixels: pixels, values: values)
            let range = TemperatureSchedule.automaticRange(problem)
            let schedule = try TemperatureSchedule.anneal(hot: range.hot, cold: range.cold, steps: steps)
            print("\(problem.spinCount) spins, \(problem.couplingCount) couplings, T \(range.hot) -> \(range.cold), \(steps) steps, \(anneals) anneals")
            for scheme in GlauberDynamics.Scheme.allCases {
                let sampler = IsingSampler(dynamics: GlauberDynamics(problem: problem, scheme: scheme), schedule: schedule)
                var counters = GlauberDynamics.Counters()
                var energy = 0.0
                let start = Date()
                for read in 0..<anneals {
                    let result = sampler.read(read, seed: 1, key: StreamKey("bench"))
                    counters += result.counters
                    energy += result.energy
                }
                let seconds = Date().timeIntervalSince(start)
                print(String(format: "%@: %.1f µs per anneal, %.3g flips/s, %.3g attempts/s, %.1f flips per anneal, mean final energy %.4f",
                             scheme.rawValue, 1e6 * seconds / Double(anneals), Double(counters.flips) / seconds,
                             Double(counters.attempts) / seconds, Double(counters.flips) / Double(anneals), energy / Double(anneals)))
            }
        }
    }
}
