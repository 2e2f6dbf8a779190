import Diagnostics
import EqSpike
import Foundation
import Formats
import Ising

/// A JSON checkpoint of `ising train`: the options, the whole training state
/// (network in float64, whose JSON numbers read back bit for bit), and a
/// fingerprint of the training images, so `--resume` continues the same run
/// on the same data or refuses.
public struct IsingCheckpoint: Sendable, Codable {
    public static let formatVersion = 1
    public var formatVersion = Self.formatVersion
    public var spinsimVersion: String
    public var options: IsingTrainingOptions
    public var state: IsingTrainingState
    public var wallSeconds: Double
    public var trainingImageCount: Int
    public var trainingFingerprint: UInt64

    public func save(to path: String) throws(InputError) {
        try JSONFile.save(self, to: path)
    }

    /// Loads and checks a checkpoint: format, sizes, values, position.
    public static func load(path: String) throws(InputError) -> IsingCheckpoint {
        let checkpoint = try JSONFile.load(IsingCheckpoint.self, from: path, kind: "an Ising training checkpoint")
        func damaged(_ reason: String) -> InputError { InputError(input: path, "damaged Ising training checkpoint (\(reason))") }
        guard checkpoint.formatVersion == formatVersion else { throw damaged("format version \(checkpoint.formatVersion), expected \(formatVersion)") }
        let state = checkpoint.state, network = state.network
        if let problem = state.settings.problem { throw damaged(problem) }
        guard network.inputCount > 0, network.inputCount < 1 << 20, network.hiddenCount > 0, network.hiddenCount < 1 << 20,
              network.classCount >= 2, network.classCount < 1 << 16, network.spinsPerClass >= 1, network.spinsPerClass < 1 << 16,
              network.inputWeights.count == network.inputCount * network.hiddenCount,
              network.couplings.count == network.hiddenCount * network.outputCount,
              network.hiddenBiases.count == network.hiddenCount, network.outputBiases.count == network.outputCount else {
            throw damaged("network sizes and arrays disagree")
        }
        let all = network.inputWeights + network.couplings + network.hiddenBiases + network.outputBiases
        guard all.allSatisfy({ $0.isFinite && abs($0) <= 1 }), network.fieldLimit.isFinite, network.fieldLimit > 0 else {
            throw damaged("weights must be finite and in [-1, 1]")
        }
        guard checkpoint.trainingImageCount > 0, (0..<checkpoint.trainingImageCount).contains(state.examplesDone),
              (0...state.examplesDone).contains(state.correct), state.nudgedReads >= 0 else {
            throw damaged("position in the epoch is outside the training set")
        }
        guard checkpoint.wallSeconds.isFinite, checkpoint.wallSeconds >= 0 else { throw damaged("wall seconds") }
        return checkpoint
    }
}
