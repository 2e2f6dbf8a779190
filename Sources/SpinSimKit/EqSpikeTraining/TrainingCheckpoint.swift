import EqSpike
import Foundation
import Diagnostics
import Formats

/// Everything needed to continue `spinsim eqspike train` bit for bit: the
/// model, settings and seed, the finished epochs' history and signature, the
/// unfinished epoch (minibatches done, running correct count, per-chunk
/// counters and signatures), the wall time so far and the command's options.
///
/// Stored as JSON with the float32 weights and biases as base64 of their
/// little-endian bit patterns (exact and about 4/3 of the raw size) and every
/// double written in shortest round-trip form (NaN and infinities as "nan",
/// "inf"). Written with `AtomicOutput` (temporary file, fsync, rename), so a
/// kill at any moment leaves the previous checkpoint.
public struct EqSpikeCheckpoint: Sendable {
    public static let formatVersion = 1

    public var spinsimVersion: String
    public var options: EqSpikeTrainingOptions
    public var settings: EqSpikeSettings
    public var seed: UInt64
    public var model: LayeredEnergyModel
    public var history: [EpochRecord]
    /// Summed over the finished epochs.
    public var signature: STDPSignature
    public var partialEpoch: PartialEpoch?
    /// Training wall-clock seconds up to the checkpoint (the history's clock continues from it).
    public var wallSeconds: Double
    /// Number and fingerprint (`fingerprint(of:)`) of the training images, so
    /// a resumed run can refuse different data.
    public var trainingImageCount: Int
    public var trainingFingerprint: UInt64

    public init(spinsimVersion: String, options: EqSpikeTrainingOptions, settings: EqSpikeSettings, seed: UInt64,
                model: LayeredEnergyModel, history: [EpochRecord], signature: STDPSignature,
                partialEpoch: PartialEpoch?, wallSeconds: Double, trainingImageCount: Int, trainingFingerprint: UInt64) {
        self.spinsimVersion = spinsimVersion
        self.options = options
        self.settings = settings
        self.seed = seed
        self.model = model
        self.history = history
        self.signature = signature
        self.partialEpoch = partialEpoch
        self.wallSeconds = wallSeconds
        self.trainingImageCount = trainingImageCount
        self.trainingFingerprint = trainingFingerprint
    }

    /// FNV-1a (64 bit) over the labels and then the pixels.
    public static func fingerprint(of images: LabelledImages) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in images.labels { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        for byte in images.pixels { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }

    /// Writes the checkpoint atomically (see `AtomicOutput`).
    public func save(to path: String) throws(InputError) {
        try JSONFile.save(Stored(self), to: path)
    }

    /// Reads a checkpoint; any problem is one line naming the file.
    public static func load(path: String) throws(InputError) -> EqSpikeCheckpoint {
        let stored = try JSONFile.load(Stored.self, from: path, kind: "an EqSpike training checkpoint")
        if let problem = stored.problem {
            throw InputError(input: path, message: "damaged EqSpike training checkpoint (\(problem))")
        }
        return stored.checkpoint
    }

    /// The JSON layout: the checkpoint with the model flattened.
    private struct Stored: Codable {
        var formatVersion: Int
        var spinsimVersion: String
        var options: EqSpikeTrainingOptions
        var settings: EqSpikeSettings
        var seed: UInt64
        var layerSizes: [Int]
        /// Base64 of the little-endian float32 bit patterns.
        var weights: String
        var biases: String
        var history: [EpochRecord]
        var signature: STDPSignature
        var partialEpoch: PartialEpoch?
        var wallSeconds: Double
        var trainingImageCount: Int
        var trainingFingerprint: UInt64

        init(_ checkpoint: EqSpikeCheckpoint) {
            formatVersion = EqSpikeCheckpoint.formatVersion
            spinsimVersion = checkpoint.spinsimVersion
            options = checkpoint.options
            settings = checkpoint.settings
            seed = checkpoint.seed
            layerSizes = checkpoint.model.layerSizes
            weights = Self.encode(checkpoint.model.weights)
            biases = Self.encode(checkpoint.model.biases)
            history = checkpoint.history
            signature = checkpoint.signature
            partialEpoch = checkpoint.partialEpoch
            wallSeconds = checkpoint.wallSeconds
            trainingImageCount = checkpoint.trainingImageCount
            trainingFingerprint = checkpoint.trainingFingerprint
        }

        static func encode(_ values: [Float]) -> String {
            var bytes = [UInt8]()
            bytes.reserveCapacity(4 * values.count)
            for value in values {
                let bits = value.bitPattern
                for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt32(shift))) }
            }
            return Data(bytes).base64EncodedString()
        }

        static func decode(_ text: String, count: Int) -> [Float]? {
            guard let data = Data(base64Encoded: text), data.count == 4 * count else { return nil }
            return data.withUnsafeBytes { raw in
                (0..<count).map { index in
                    var bits: UInt32 = 0
                    for byte in 0..<4 { bits |= UInt32(raw[4 * index + byte]) << UInt32(8 * byte) }
                    return Float(bitPattern: bits)
                }
            }
        }

        /// Sizes of the flat weights and biases for `layerSizes`, if valid.
        var parameterCounts: (weights: Int, biases: Int)? {
            guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 && $0 < 1 << 24 }) else { return nil }
            return (zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }, layerSizes.dropFirst().reduce(0, +))
        }

        /// Why this is not a usable checkpoint, or nil.
        var problem: String? {
            if formatVersion != EqSpikeCheckpoint.formatVersion {
                return "format \(formatVersion), expected \(EqSpikeCheckpoint.formatVersion)"
            }
            guard let counts = parameterCounts else { return "layer_sizes must list at least two positive sizes" }
            if let problem = settings.problem(matrixCount: layerSizes.count - 1) { return problem }
            guard Self.decode(weights, count: counts.weights) != nil else { return "weights do not match the layer sizes" }
            guard Self.decode(biases, count: counts.biases) != nil else { return "biases do not match the layer sizes" }
            if history.enumerated().contains(where: { $0.offset != $0.element.epoch }) { return "history epochs out of order" }
            let bins = STDPSignature()
            let signatures = [signature] + (partialEpoch?.chunkSignatures ?? [])
            if !signatures.allSatisfy({ $0.halfRange == bins.halfRange && $0.weightChange.count == bins.weightChange.count
                                        && $0.updateCount.count == bins.updateCount.count }) {
                return "signature bins differ from \(bins.weightChange.count) bins over +-\(bins.halfRange)"
            }
            if let problem = partialEpoch?.problem(finishedEpochs: history.count, batchSize: settings.batchSize,
                                                   imageCount: trainingImageCount) {
                return problem
            }
            if !(wallSeconds.isFinite && wallSeconds >= 0) || trainingImageCount < 1 { return "bad wall time or image count" }
            if options.epochs < history.count + (partialEpoch == nil ? 0 : 1) { return "more epochs trained than planned" }
            return nil
        }

        var checkpoint: EqSpikeCheckpoint {
            let counts = parameterCounts!
            let model = LayeredEnergyModel(layerSizes: layerSizes, weights: Self.decode(weights, count: counts.weights)!,
                                           biases: Self.decode(biases, count: counts.biases)!)
            return EqSpikeCheckpoint(spinsimVersion: spinsimVersion, options: options, settings: settings, seed: seed,
                                     model: model, history: history, signature: signature, partialEpoch: partialEpoch,
                                     wallSeconds: wallSeconds, trainingImageCount: trainingImageCount,
                                     trainingFingerprint: trainingFingerprint)
        }
    }
}
