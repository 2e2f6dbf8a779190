import EventCore

/// Equilibrium Propagation on the Ising machine, one example at a time
/// (batch 1, as the paper):
///
/// 1. Free phase: `reads` anneals of the free problem, each from a random
///    state, over `annealSteps` temperatures of the problem's automatic range.
/// 2. Nudged phase, per read: if the read's output spins already equal the
///    target, the nudged sample is the free one (the update vanishes);
///    otherwise a reverse anneal of the nudged problem (fields + beta y)
///    from the free sample.
/// 3. Update from the two samples' statistics (averaged over reads, or the
///    lowest-energy read), each clipped to [-1, 1]:
///        dJ_ko = eta_J (<s_k s_o>_nudged - <s_k s_o>_free) / beta
///        dW_pk = eta_W x_p (<s_k>_nudged - <s_k>_free) / beta
///        db_i  = eta_b (<s_i>_nudged - <s_i>_free) / beta
///    which lowers the energy of the nudged configuration relative to the
///    free one: the EP estimate of the gradient of the squared error.
public struct IsingTrainer: Sendable {
    public var settings: IsingEPSettings
    public var seed: UInt64
    public var threads = 1

    public init(settings: IsingEPSettings, seed: UInt64) {
        self.settings = settings
        self.seed = seed
    }

    /// What one example's phases found.
    public struct Step: Sendable {
        public var predicted: Int
        /// Reads whose nudged phase ran (their free output was not the target).
        public var nudgedReads: Int
        public var counters: GlauberDynamics.Counters
    }

    /// One read's free and nudged samples.
    struct PhasePair: Sendable {
        var free: [Int8], nudged: [Int8]
        var freeEnergy: Double
        var nudgedRan: Bool
        var counters: GlauberDynamics.Counters
    }

    /// The stream of read r of one example in one epoch.
    func key(epoch: Int, example: Int) -> StreamKey {
        StreamKey("ising-ep").with(UInt64(epoch)).with(UInt64(example))
    }

    func freeSampler(_ problem: IsingProblem) -> IsingSampler {
        let range = TemperatureSchedule.automaticRange(problem)
        // Settings are validated by the caller; the range is positive and ordered.
        let schedule = try! TemperatureSchedule.anneal(hot: range.hot, cold: range.cold, steps: settings.annealSteps)
        return IsingSampler(dynamics: GlauberDynamics(problem: problem, scheme: settings.scheme), schedule: schedule)
    }

    /// Output spins averaged over the free reads of one input (what the
    /// network answers), and what the reads cost.
    public func freeOutput(_ network: IsingNetwork, pixels: [Int32], values: [Double], key: StreamKey) -> (mean: [Double], counters: GlauberDynamics.Counters) {
        let sampler = freeSampler(network.problem(pixels: pixels, values: values))
        let reads = sampler.reads(settings.reads, seed: seed, key: key.with("free"), threads: threads)
        let chosen = settings.readRule == .average ? reads : [reads.min { $0.energy < $1.energy }!]
        var mean = [Double](repeating: 0, count: network.outputCount)
        var counters = GlauberDynamics.Counters()
        for read in reads { counters += read.counters }
        for read in chosen {
            for o in 0..<network.outputCount { mean[o] += Double(read.spins[network.hiddenCount + o]) / Double(chosen.count) }
        }
        return (mean, counters)
    }

    /// Trains on one example (pixels, values: its sparse input) and returns what the free phase predicted.
    public func step(_ network: inout IsingNetwork, pixels: [Int32], values: [Double], label: Int, key: StreamKey) -> Step {
        let freeProblem = network.problem(pixels: pixels, values: values)
        let free = freeSampler(freeProblem)
        let nudgedProblem = network.nudged(freeProblem, label: label, beta: settings.nudgingStrength)
        let forward = freeSampler(nudgedProblem).schedule
        // Validated settings make a valid reverse schedule.
        let reverse = IsingSampler(dynamics: GlauberDynamics(problem: nudgedProblem, scheme: settings.scheme),
                                   schedule: try! forward.reversed(turningFraction: settings.turningFraction, pauseSteps: settings.pauseSteps))
        let target = network.targetSpins(label)
        let hidden = network.hiddenCount
        let pairs = ParallelMap.run(count: settings.reads, threads: threads) { r -> PhasePair in
            let f = free.read(r, seed: seed, key: key.with("free"))
            guard Array(f.spins[hidden...]) != target else {
                return PhasePair(free: f.spins, nudged: f.spins, freeEnergy: f.energy, nudgedRan: false, counters: f.counters)
            }
            let n = reverse.read(r, seed: seed, key: key.with("nudged"), from: f.spins)
            var counters = f.counters
            counters += n.counters
            return PhasePair(free: f.spins, nudged: n.spins, freeEnergy: f.energy, nudgedRan: true, counters: counters)
        }
        let used = settings.readRule == .average ? pairs : [pairs.min { $0.freeEnergy < $1.freeEnergy }!]
        var step = Step(predicted: 0, nudgedReads: pairs.filter(\.nudgedRan).count, counters: .init())
        for pair in pairs { step.counters += pair.counters }
        var meanOutput = [Double](repeating: 0, count: network.outputCount)
        for pair in used {
            for o in 0..<network.outputCount { meanOutput[o] += Double(pair.free[hidden + o]) / Double(used.count) }
        }
        step.predicted = network.predictedClass(meanOutput: meanOutput)
        apply(&network, used, pixels: pixels, values: values)
        return step
    }

    /// The EP update from the reads' free and nudged samples.
    func apply(_ network: inout IsingNetwork, _ pairs: [PhasePair], pixels: [Int32], values: [Double]) {
        let active = pairs.filter(\.nudgedRan)
        guard !active.isEmpty else { return }
        let hidden = network.hiddenCount, outputs = network.outputCount
        let scale = 1 / (settings.nudgingStrength * Double(pairs.count))
        // Differences of the spin means (nudged - free), hidden then output.
        var difference = [Double](repeating: 0, count: hidden + outputs)
        for pair in active {
            for i in difference.indices { difference[i] += Double(pair.nudged[i] - pair.free[i]) * scale }
        }
        func clip(_ x: Double) -> Double { min(max(x, -1), 1) }
        for k in 0..<hidden {
            var row = [Double](repeating: 0, count: outputs)
            for pair in active {
                let nk = Double(pair.nudged[k]), fk = Double(pair.free[k])
                for o in 0..<outputs { row[o] += nk * Double(pair.nudged[hidden + o]) - fk * Double(pair.free[hidden + o]) }
            }
            for o in 0..<outputs {
                network.couplings[k * outputs + o] = clip(network.couplings[k * outputs + o] + settings.couplingRate * row[o] * scale)
            }
            network.hiddenBiases[k] = clip(network.hiddenBiases[k] + settings.hiddenBiasRate * difference[k])
        }
        for o in 0..<outputs {
            network.outputBiases[o] = clip(network.outputBiases[o] + settings.outputBiasRate * difference[hidden + o])
        }
        for (p, x) in zip(pixels, values) {
            let row = Int(p) * hidden
            for k in 0..<hidden where difference[k] != 0 {
                network.inputWeights[row + k] = clip(network.inputWeights[row + k] + settings.inputWeightRate * x * difference[k])
            }
        }
    }
}
