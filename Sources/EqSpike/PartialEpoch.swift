import Diagnostics
/// Where an unfinished epoch stands, between two minibatches: with the
/// model, history and signature, everything needed to continue it bit for bit.
public struct PartialEpoch: Sendable, Equatable, Codable {
    public var epoch: Int
    /// Minibatches applied so far (the next one starts at example
    /// `minibatchesDone * batchSize` of the epoch's order).
    public var minibatchesDone: Int
    /// Free phases so far that predicted their label.
    public var correct: Int
    /// Per chunk (`MinibatchChunks`), the epoch's counters and signature so
    /// far: they are summed in chunk order only at the end of the epoch, so
    /// they are kept apart.
    public var chunkCounters: [EqSpikeCounters]
    public var chunkSignatures: [STDPSignature]

    public init(epoch: Int, minibatchesDone: Int, correct: Int, chunkCounters: [EqSpikeCounters],
                chunkSignatures: [STDPSignature]) {
        self.epoch = epoch
        self.minibatchesDone = minibatchesDone
        self.correct = correct
        self.chunkCounters = chunkCounters
        self.chunkSignatures = chunkSignatures
    }

    /// Whether this can continue the epoch after `finishedEpochs` finished
    /// ones: the next epoch, one counter and one signature per chunk.
    public func continues(finishedEpochs: Int) -> Bool {
        epoch == finishedEpochs && chunkCounters.count == MinibatchChunks.count
            && chunkSignatures.count == MinibatchChunks.count
    }

    /// Throws a one-line reason when this cannot continue a run that has finished
    /// `finishedEpochs` epochs, in minibatches of `batchSize` over
    /// `imageCount` training images.
    public func validate(finishedEpochs: Int, batchSize: Int, imageCount: Int) throws(InputError) {
        if epoch != finishedEpochs { throw InputError("partial epoch \(epoch) after \(finishedEpochs) finished epochs") }
        if !continues(finishedEpochs: finishedEpochs) {
            throw InputError("partial epoch needs \(MinibatchChunks.count) chunk counters and signatures")
        }
        let (examplesDone, overflow) = minibatchesDone.multipliedReportingOverflow(by: batchSize)
        if minibatchesDone < 1 || overflow || examplesDone >= imageCount || correct < 0 || correct > examplesDone {
            throw InputError("partial epoch position out of range")
        }
    }
}
