import EventCore

/// Labelled inputs as the trainer reads them: example k's nonzero pixels
/// (indices and values x in [0, 1]) and its class.
public protocol IsingExamples: Sendable {
    var count: Int { get }
    func example(_ index: Int, pixels: inout [Int32], values: inout [Double]) -> Int
}

/// One finished epoch.
public struct IsingEpochRecord: Sendable, Equatable, Codable {
    public var epoch: Int
    /// Free-phase predictions during training (before each example's update).
    public var trainAccuracy: Double
    /// After the epoch, on the test images (NaN without them).
    public var testAccuracy: Double
    /// Fraction of reads whose nudged phase ran.
    public var nudgedFraction: Double
    public var attempts: UInt64
    public var flips: UInt64
    public var wallSeconds: Double

    public init(epoch: Int, trainAccuracy: Double, testAccuracy: Double, nudgedFraction: Double,
                attempts: UInt64, flips: UInt64, wallSeconds: Double) {
        self.epoch = epoch
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.nudgedFraction = nudgedFraction
        self.attempts = attempts
        self.flips = flips
        self.wallSeconds = wallSeconds
    }
}

/// Everything training needs to continue bit for bit: the network, the
/// settings and seed, the finished epochs and the position in the current
/// one (examples are visited in a seeded order per epoch).
public struct IsingTrainingState: Sendable, Equatable, Codable {
    public var network: IsingNetwork
    public var settings: IsingEPSettings
    public var seed: UInt64
    public var history: [IsingEpochRecord] = []
    /// Examples of the current epoch already trained on, and their tallies.
    public var examplesDone = 0
    public var correct = 0
    public var nudgedReads = 0
    public var counters = GlauberDynamics.Counters()

    public init(network: IsingNetwork, settings: IsingEPSettings, seed: UInt64) {
        self.network = network
        self.settings = settings
        self.seed = seed
    }

    /// The order of epoch e: a seeded Fisher-Yates shuffle (the paper's loader shuffles each epoch).
    public func order(epoch: Int, count: Int) -> [Int] {
        var rng = Xoshiro256StarStar(seed: seed, key: StreamKey("ising-epoch-order").with(UInt64(epoch)))
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) { order.swapAt(i, Int(rng.index(below: UInt64(i + 1)))) }
        return order
    }

    /// Trains on the current epoch's examples until it ends (returns true) or
    /// `pause` asks to stop after an example (returns false, resumable).
    public mutating func trainEpoch(on data: some IsingExamples, threads: Int,
                                    progress: (Int, Int) -> Void = { _, _ in }, pause: () -> Bool = { false }) -> Bool {
        let epoch = history.count
        var trainer = IsingTrainer(settings: settings, seed: seed)
        trainer.threads = threads
        let order = order(epoch: epoch, count: data.count)
        var pixels: [Int32] = [], values: [Double] = []
        while examplesDone < data.count {
            let index = order[examplesDone]
            let label = data.example(index, pixels: &pixels, values: &values)
            let step = trainer.step(&network, pixels: pixels, values: values, label: label,
                                    key: trainer.key(epoch: epoch, example: examplesDone))
            examplesDone += 1
            if step.predicted == label { correct += 1 }
            nudgedReads += step.nudgedReads
            counters += step.counters
            progress(examplesDone, correct)
            if examplesDone < data.count, pause() { return false }
        }
        return true
    }

    /// Closes the epoch: its record, with the test accuracy measured by the caller.
    public mutating func finishEpoch(examples: Int, testAccuracy: Double, wallSeconds: Double) {
        history.append(IsingEpochRecord(epoch: history.count, trainAccuracy: Double(correct) / Double(max(examples, 1)),
                                        testAccuracy: testAccuracy,
                                        nudgedFraction: Double(nudgedReads) / Double(max(examples * settings.reads, 1)),
                                        attempts: counters.attempts, flips: counters.flips, wallSeconds: wallSeconds))
        examplesDone = 0
        correct = 0
        nudgedReads = 0
        counters = .init()
    }
}


/// Free-phase classification of labelled inputs: what `ising evaluate` reports.
public struct IsingEvaluation: Sendable {
    public var predictions: [Int]
    public var labels: [Int]
    public var counters = GlauberDynamics.Counters()
    public var accuracy: Double {
        Double(zip(predictions, labels).filter { $0 == $1 }.count) / Double(max(labels.count, 1))
    }

    /// Each example's reads are named by its index, so the answer for an
    /// image does not depend on the others or on the thread count.
    public init(network: IsingNetwork, settings: IsingEPSettings, seed: UInt64, data: some IsingExamples, threads: Int) {
        let trainer = IsingTrainer(settings: settings, seed: seed)
        let outcomes = ParallelMap.run(count: data.count, threads: threads) { index -> (Int, Int, GlauberDynamics.Counters) in
            var pixels: [Int32] = [], values: [Double] = []
            let label = data.example(index, pixels: &pixels, values: &values)
            let output = trainer.freeOutput(network, pixels: pixels, values: values,
                                            key: StreamKey("ising-evaluate").with(UInt64(index)))
            return (network.predictedClass(meanOutput: output.mean), label, output.counters)
        }
        predictions = outcomes.map(\.0)
        labels = outcomes.map(\.1)
        for outcome in outcomes { counters += outcome.2 }
    }
}
