import Diagnostics
/// Everything an `EqSpikeTrainer`'s results depend on, and all a new trainer
/// needs to continue from where another stopped, bit for bit: the model, the
/// settings and seed, the finished epochs and their summed signature, and
/// the unfinished epoch, if any.
public struct TrainingState: Sendable, Equatable {
    public var model: LayeredEnergyModel
    public var settings: EqSpikeSettings
    public var seed: UInt64
    public var history: [EpochRecord]
    /// Summed over the finished epochs.
    public var signature: STDPSignature
    public var partialEpoch: PartialEpoch?

    public init(model: LayeredEnergyModel, settings: EqSpikeSettings, seed: UInt64, history: [EpochRecord] = [],
                signature: STDPSignature = STDPSignature(), partialEpoch: PartialEpoch? = nil) {
        self.model = model
        self.settings = settings
        self.seed = seed
        self.history = history
        self.signature = signature
        self.partialEpoch = partialEpoch
    }

    /// Throws a one-line reason when training cannot continue from this state
    /// over `trainingImageCount` images.
    public func validate(trainingImageCount: Int) throws(InputError) {
        try settings.validate(matrixCount: model.matrixCount)
        if history.enumerated().contains(where: { $0.offset != $0.element.epoch }) { throw InputError("history epochs out of order") }
        let bins = STDPSignature()
        let signatures = [signature] + (partialEpoch?.chunkSignatures ?? [])
        if !signatures.allSatisfy({ $0.halfRange == bins.halfRange && $0.weightChange.count == bins.weightChange.count
                                    && $0.updateCount.count == bins.updateCount.count }) {
            throw InputError("signature bins differ from \(bins.weightChange.count) bins over +-\(bins.halfRange)")
        }
        try partialEpoch?.validate(finishedEpochs: history.count, batchSize: settings.batchSize,
                                   imageCount: trainingImageCount)
    }
}
