import Diagnostics
import EqSpike
import Foundation
import Formats

/// Everything needed to continue `spinsim eqspike train` bit for bit: the
/// trainer's state (model, settings, seed, finished epochs, the unfinished
/// epoch's position and per-chunk sums), the wall time so far, the training
/// images it must continue on, and the command's options.
///
/// Stored as JSON (`JSONFile`: written atomically, so a kill at any moment
/// leaves the previous checkpoint) with the float32 weights and biases as
/// base64 of their little-endian bit patterns (exact and about 4/3 of the raw
/// size) and every double in shortest round-trip form (NaN and infinities as
/// "nan", "inf").
public struct EqSpikeCheckpoint: Sendable {
    public static let formatVersion = 1

    public var spinsimVersion: String
    public var options: EqSpikeTrainingOptions
    public var state: TrainingState
    /// Training wall-clock seconds up to the checkpoint (the history's clock continues from it).
    public var wallSeconds: Double
    /// Number and fingerprint (`fingerprint(of:)`) of the training images, so
    /// a resumed run can refuse different data.
    public var trainingImageCount: Int
    public var trainingFingerprint: UInt64

    public init(spinsimVersion: String, options: EqSpikeTrainingOptions, state: TrainingState, wallSeconds: Double,
                trainingImageCount: Int, trainingFingerprint: UInt64) {
        self.spinsimVersion = spinsimVersion
        self.options = options
        self.state = state
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
        try JSONFile.load(Stored.self, from: path, kind: "an EqSpike training checkpoint").checkpoint(from: path)
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
            let state = checkpoint.state
            formatVersion = EqSpikeCheckpoint.formatVersion
            spinsimVersion = checkpoint.spinsimVersion
            options = checkpoint.options
            settings = state.settings
            seed = state.seed
            layerSizes = state.model.layerSizes
            weights = Self.encode(state.model.weights)
            biases = Self.encode(state.model.biases)
            history = state.history
            signature = state.signature
            partialEpoch = state.partialEpoch
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

        /// The checkpoint read from `path`, unless it is not a usable one.
        func checkpoint(from path: String) throws(InputError) -> EqSpikeCheckpoint {
            func damaged(_ reason: String) -> InputError {
                InputError(input: path, message: "damaged EqSpike training checkpoint (\(reason))")
            }
            if formatVersion != EqSpikeCheckpoint.formatVersion {
                throw damaged("format \(formatVersion), expected \(EqSpikeCheckpoint.formatVersion)")
            }
            guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 && $0 < 1 << 24 }) else {
                throw damaged("layer_sizes must list at least two positive sizes")
            }
            let weightCount = zip(layerSizes, layerSizes.dropFirst()).reduce(0) { $0 + $1.0 * $1.1 }
            guard let weights = Self.decode(weights, count: weightCount) else {
                throw damaged("weights do not match the layer sizes")
            }
            guard let biases = Self.decode(biases, count: layerSizes.dropFirst().reduce(0, +)) else {
                throw damaged("biases do not match the layer sizes")
            }
            let state = TrainingState(model: LayeredEnergyModel(layerSizes: layerSizes, weights: weights, biases: biases),
                                      settings: settings, seed: seed, history: history, signature: signature,
                                      partialEpoch: partialEpoch)
            do { try state.validate(trainingImageCount: trainingImageCount) } catch { throw damaged(error.message) }
            if !(wallSeconds.isFinite && wallSeconds >= 0) || trainingImageCount < 1 {
                throw damaged("bad wall time or image count")
            }
            if options.epochs < history.count + (partialEpoch == nil ? 0 : 1) {
                throw damaged("more epochs trained than planned")
            }
            return EqSpikeCheckpoint(spinsimVersion: spinsimVersion, options: options, state: state,
                                     wallSeconds: wallSeconds, trainingImageCount: trainingImageCount,
                                     trainingFingerprint: trainingFingerprint)
        }
    }
}
