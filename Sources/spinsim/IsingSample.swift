import ArgumentParser
import Foundation
import Ising
import SpinSimKit

extension IsingProblemFile.Convention: ExpressibleByArgument {}

struct IsingSample: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Anneal an Ising problem file and print the lowest energies found.",
        discussion: """
            PROBLEM has one term per line, 'i j value' (i == j: a field h_i; else a coupling \
            J_ij), 0-based, '#' comments. With --convention dwave (default) the energy is \
            dimod's E = sum h s + sum J s s; with physics, E = -sum h s - sum J s s. Each read \
            anneals from a random state over --steps temperatures, geometric in 1/T between \
            --hot and --cold (default: the automatic range of D-Wave's neal).
            """
    )

    @Argument(help: "Problem file.")
    var problem: String
    @Option(help: "Sign convention of the file: dwave or physics.")
    var convention = IsingProblemFile.Convention.dwave
    @Option(help: "Independent reads.")
    var reads = 100
    @Option(help: "Temperature steps per read (one sweep each).")
    var steps = 1000
    @Option(help: "Hottest temperature (default: automatic).")
    var hot: Double?
    @Option(help: "Coldest temperature (default: automatic).")
    var cold: Double?
    @Option(help: "Distinct states to print.")
    var show = 5
    @Flag(help: "Print the spins of each state shown.")
    var spins = false
    @Option(help: "Seed.")
    var seed: UInt64 = 1
    @Option(help: "Worker threads (results are identical).")
    var threads = 2
    @Option(help: "Glauber scheme: attemptClock or flipQueue.")
    var scheme = GlauberDynamics.Scheme.attemptClock

    func run() throws {
        var run = IsingSampleRun(file: try IsingProblemFile(path: problem, convention: convention))
        (run.reads, run.steps, run.hot, run.cold, run.seed, run.threads, run.scheme) = (reads, steps, hot, cold, seed, threads, scheme)
        let result = try run.execute()
        let p = run.file.problem
        print("\(p.spinCount) spins, \(p.couplingCount) couplings; \(reads) reads of \(steps) steps, T \(result.schedule.hot) -> \(result.schedule.cold)")
        print("energy\tfound\t" + (spins ? "spins" : ""))
        for sample in result.samples.prefix(max(show, 0)) {
            let text = spins ? sample.spins.map { $0 > 0 ? "+" : "-" }.joined() : ""
            print(String(format: "%.15g\t%d\t", sample.energy, sample.occurrences) + text)
        }
        print(String(format: "%d distinct states; %llu flips, %.3g flips/s, %.2f s", result.samples.count, result.counters.flips,
                     Double(result.counters.flips) / max(result.wallSeconds, 1e-9), result.wallSeconds))
    }
}
