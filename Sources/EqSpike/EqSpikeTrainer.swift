import EventCore

/// One epoch's results, kept in the training history.
public struct EpochRecord: Sendable, Equatable, Codable {
    public var epoch: Int
    /// Fraction of training examples whose free phase (before that minibatch's
    /// update) predicted the label.
    public var trainAccuracy: Double
    /// Accuracy on the test images after the epoch (NaN if none were given).
    public var testAccuracy: Double
    public var learningRateFactor: Double
    /// Training counters of the epoch (free and nudged phases).
    public var counters: EqSpikeCounters
    /// Wall-clock seconds since training started, at the end of the epoch.
    public var wallSeconds: Double

    public init(epoch: Int, trainAccuracy: Double, testAccuracy: Double, learningRateFactor: Double,
                counters: EqSpikeCounters, wallSeconds: Double) {
        self.epoch = epoch
        self.trainAccuracy = trainAccuracy
        self.testAccuracy = testAccuracy
        self.learningRateFactor = learningRateFactor
        self.counters = counters
        self.wallSeconds = wallSeconds
    }
}

/// Where an epoch stands, for progress reports (called between minibatches).
public struct TrainingProgress: Sendable {
    public var epoch: Int
    public var minibatchesDone: Int
    public var examplesDone: Int
    public var examplesInEpoch: Int
    public var correct: Int
}

/// Accuracy and cost of free phases over a set of images.
public struct Evaluation: Sendable, Equatable {
    public var correct: Int
    public var total: Int
    public var counters: EqSpikeCounters
    public var accuracy: Double { total == 0 ? .nan : Double(correct) / Double(total) }
}

/// Trains a `LayeredEnergyModel` by Equilibrium Propagation with minibatches.
///
/// Determinism independent of threads: each minibatch is cut into
/// `MinibatchChunks.count` chunks, each settled by its own network in example
/// order, and the chunks' gradient sums are added in chunk order and applied
/// once, so the weights do not depend on the number of threads. The example
/// order of each epoch is a Fisher-Yates shuffle drawn from stream 1 + epoch
/// of the seed.
///
/// Training can pause between minibatches (`partialEpoch`), and a new
/// trainer built from the paused one's `state` (`init(continuing:)`)
/// continues exactly: networks settle every example from rest and the
/// gradient sums are cleared by each update, so the only state carried from
/// one minibatch to the next is the model and the chunks' counters and
/// signatures.
///
/// Update per minibatch of size B: W^k += (eta_k * factor / (beta * phases * B)) * G^k,
/// with G the summed EP updates (see `EPGradient`); biases of layer k+1 use eta_k.
public struct EqSpikeTrainer<Network: EquilibriumNetwork> {
    public private(set) var model: LayeredEnergyModel
    public let settings: EqSpikeSettings
    public let seed: UInt64
    public private(set) var history: [EpochRecord] = []
    /// Summed over all finished epochs.
    public private(set) var signature = STDPSignature()
    var workers: [Network]
    /// The epoch under way: minibatches done and correct predictions so far
    /// (nil between epochs; the per-chunk sums live in `workers`).
    var position: (minibatchesDone: Int, correct: Int)?

    public init(model: LayeredEnergyModel, settings: EqSpikeSettings, seed: UInt64) {
        precondition((try? settings.validate(matrixCount: model.matrixCount)) != nil, "invalid settings")
        self.model = model
        self.settings = settings
        self.seed = seed
        workers = (0..<MinibatchChunks.count).map { _ in Network(model: model, settings: settings) }
    }

    /// A trainer that continues from `state` (another trainer's, or a
    /// checkpoint's) as if that trainer had not stopped.
    public init(continuing state: TrainingState) {
        self.init(model: state.model, settings: state.settings, seed: state.seed)
        history = state.history
        signature = state.signature
        if let partialEpoch = state.partialEpoch {
            precondition(partialEpoch.continues(finishedEpochs: history.count), "partial epoch does not fit")
            for w in workers.indices {
                workers[w].counters = partialEpoch.chunkCounters[w]
                workers[w].signature = partialEpoch.chunkSignatures[w]
            }
            position = (partialEpoch.minibatchesDone, partialEpoch.correct)
        }
    }

    /// Where training stands, to continue it later (`init(continuing:)`).
    public var state: TrainingState {
        TrainingState(model: model, settings: settings, seed: seed, history: history, signature: signature,
                      partialEpoch: partialEpoch)
    }

    /// The unfinished epoch, if training paused inside one.
    public var partialEpoch: PartialEpoch? {
        position.map { position in
            PartialEpoch(epoch: history.count, minibatchesDone: position.minibatchesDone, correct: position.correct,
                         chunkCounters: workers.map(\.counters), chunkSignatures: workers.map(\.signature))
        }
    }

    /// Example order of `epoch` over `count` examples.
    public func order(epoch: Int, count: Int) -> [Int] {
        var random = Xoshiro256StarStar(seed: seed, stream: 1 + UInt64(epoch))
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(random.index(below: UInt64(i + 1))))
        }
        return order
    }

    /// Trains one whole epoch (number `history.count`) on `images`, then
    /// evaluates on `test` if given; `threads` is 1 or more (results do not
    /// depend on it).
    @discardableResult
    public mutating func trainEpoch(on images: LabelledImages, test: LabelledImages?, threads: Int,
                                    wallSeconds: () -> Double,
                                    progress: (TrainingProgress) -> Void = { _ in }) -> EpochRecord {
        trainEpoch(on: images, test: test, threads: threads, wallSeconds: wallSeconds, progress: progress,
                   pauseAfter: { _ in false })!
    }

    /// Trains epoch `history.count` from where it stands (its start, or where
    /// it paused). After each minibatch but the epoch's last, `progress` is
    /// called and then `pauseAfter`: if that returns true, training stops
    /// there and nil is returned (`partialEpoch` says where; the next call
    /// continues). Otherwise the epoch ends with the test evaluation and its
    /// record is returned.
    public mutating func trainEpoch(on images: LabelledImages, test: LabelledImages?, threads: Int,
                                    wallSeconds: () -> Double, progress: (TrainingProgress) -> Void,
                                    pauseAfter: (TrainingProgress) -> Bool) -> EpochRecord? {
        let epoch = history.count
        let factor = settings.learningRateFactor(epoch: epoch)
        let order = order(epoch: epoch, count: images.count)
        if position == nil {
            for w in workers.indices {
                workers[w].counters = EqSpikeCounters()
                workers[w].signature = STDPSignature()
            }
            position = (0, 0)
        }
        var (minibatchesDone, correct) = position!
        var start = minibatchesDone * settings.batchSize
        precondition(start < images.count || images.count == 0, "paused position beyond the training set")
        while start < images.count {
            let batch = Array(order[start..<min(start + settings.batchSize, images.count)])
            correct += trainMinibatch(batch, images: images, threads: threads, factor: factor)
            start += batch.count
            minibatchesDone += 1
            position = (minibatchesDone, correct)
            let status = TrainingProgress(epoch: epoch, minibatchesDone: minibatchesDone, examplesDone: start,
                                          examplesInEpoch: images.count, correct: correct)
            progress(status)
            if start < images.count && pauseAfter(status) { return nil }
        }
        var counters = EqSpikeCounters()
        for worker in workers {
            counters.add(worker.counters)
            signature.add(worker.signature)
        }
        position = nil
        let testAccuracy = test.map { evaluate(on: $0, threads: threads).accuracy } ?? .nan
        let record = EpochRecord(epoch: epoch, trainAccuracy: Double(correct) / Double(max(images.count, 1)),
                                 testAccuracy: testAccuracy, learningRateFactor: factor, counters: counters,
                                 wallSeconds: wallSeconds())
        history.append(record)
        return record
    }

    /// Settles and nudges the examples of one minibatch, applies the update,
    /// and returns how many free phases predicted their label.
    mutating func trainMinibatch(_ batch: [Int], images: LabelledImages, threads: Int, factor: Double) -> Int {
        let chunks = MinibatchChunks.bounds(covering: batch.count)
        var correctPerChunk = [Int](repeating: 0, count: chunks.count)
        let model = self.model
        workers.withUnsafeMutableBufferPointer { workerBuffer in
            correctPerChunk.withUnsafeMutableBufferPointer { correctBuffer in
                let workers = ChunkOwned(workerBuffer.baseAddress!), correct = ChunkOwned(correctBuffer.baseAddress!)
                MinibatchChunks.forEach(threads: threads) { c in
                    for position in chunks[c] {
                        let example = batch[position]
                        let label = Int(images.labels[example])
                        if workers[c].settleFree(image: example, of: images, model: model) == label { correct[c] += 1 }
                        workers[c].learn(label: label, model: model)
                    }
                }
            }
        }
        workers.withUnsafeMutableBufferPointer { workers in
            for c in 1..<workers.count { workers[0].gradient.absorb(&workers[c].gradient) }
        }
        let denominator = settings.nudgingStrength * (settings.symmetricNudging ? 2 : 1) * Double(batch.count)
        let scales = settings.learningRates.map { $0 * factor / denominator }
        workers[0].gradient.apply(to: &self.model, scales: scales)
        return correctPerChunk.reduce(0, +)
    }

    /// Free phases over `images`: accuracy and cost (the model is not changed).
    public mutating func evaluate(on images: LabelledImages, threads: Int) -> Evaluation {
        Self.evaluate(model: model, settings: settings, on: images, threads: threads, workers: &workers)
    }

    /// Free phases of `model` over `images` with fresh networks.
    public static func evaluate(model: LayeredEnergyModel, settings: EqSpikeSettings, on images: LabelledImages,
                                threads: Int) -> Evaluation {
        var workers = (0..<MinibatchChunks.count).map { _ in Network(model: model, settings: settings) }
        return evaluate(model: model, settings: settings, on: images, threads: threads, workers: &workers)
    }

    static func evaluate(model: LayeredEnergyModel, settings: EqSpikeSettings, on images: LabelledImages,
                         threads: Int, workers: inout [Network]) -> Evaluation {
        let chunks = MinibatchChunks.bounds(covering: images.count)
        var correctPerChunk = [Int](repeating: 0, count: chunks.count)
        let saved = workers.map(\.counters)
        for w in workers.indices { workers[w].counters = EqSpikeCounters() }
        workers.withUnsafeMutableBufferPointer { workerBuffer in
            correctPerChunk.withUnsafeMutableBufferPointer { correctBuffer in
                let workers = ChunkOwned(workerBuffer.baseAddress!), correct = ChunkOwned(correctBuffer.baseAddress!)
                MinibatchChunks.forEach(threads: threads) { c in
                    for example in chunks[c]
                    where workers[c].settleFree(image: example, of: images, model: model) == Int(images.labels[example]) {
                        correct[c] += 1
                    }
                }
            }
        }
        var counters = EqSpikeCounters()
        for w in workers.indices {
            counters.add(workers[w].counters)
            workers[w].counters = saved[w]
        }
        return Evaluation(correct: correctPerChunk.reduce(0, +), total: images.count, counters: counters)
    }
}
