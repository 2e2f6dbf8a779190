import EqSpike
import EventCore

/// A small model with uniform random weights in +-scale and biases in +-biasScale.
public func randomModel(_ sizes: [Int], seed: UInt64, scale: Double, biasScale: Double = 0) -> LayeredEnergyModel {
    var random = Xoshiro256StarStar(seed: seed, stream: 99)
    var model = LayeredEnergyModel(layerSizes: sizes, weights: nil, biases: nil)
    for index in model.weights.indices { model.weights[index] = Float(random.uniform(-scale, scale)) }
    for index in model.biases.indices { model.biases[index] = Float(random.uniform(-biasScale, biasScale)) }
    return model
}

/// Inputs k/16 (dyadic, so products with levels are exact in Double).
public func dyadicInput(count: Int, seed: UInt64) -> [Double] {
    var random = Xoshiro256StarStar(seed: seed, stream: 7)
    return (0..<count).map { _ in Double(random.index(below: 17)) / 16 }
}

/// rho_i rho_j products and rho_j of every matrix row, in the model's layout:
/// (weights, biases) for states per layer (`states[0]` = input).
public func products(_ states: [[Double]], model: LayeredEnergyModel) -> ([Double], [Double]) {
    var weights = [Double](repeating: 0, count: model.weights.count)
    var biases = [Double](repeating: 0, count: model.biases.count)
    for k in 0..<model.matrixCount {
        for j in 0..<model.layerSizes[k + 1] {
            biases[model.biasOffsets[k] + j] = states[k + 1][j]
            for i in 0..<model.layerSizes[k] {
                weights[model.weightOffsets[k] + j * model.layerSizes[k] + i] = states[k + 1][j] * states[k][i]
            }
        }
    }
    return (weights, biases)
}

public func spikingLevels(_ network: SpikingEquilibriumNetwork, input: [Double]) -> [[Double]] {
    [input] + (1..<network.layerSizes.count).map { Array(network.levels(layer: $0)) }
}

public func rateStates(_ network: RateEquilibriumNetwork, input: [Double]) -> [[Double]] {
    [input] + (1..<network.layerSizes.count).map { Array(network.states(layer: $0)) }
}

/// What a training run produced, for comparing two runs: weights and biases,
/// the history without its wall-clock times (the only thing a resumed run may
/// change) and with "no test images" (NaN) as -1 so that records compare
/// equal, and the signature.
public struct TrainedState: Equatable {
    public var model: LayeredEnergyModel
    public var history: [EpochRecord]
    public var signature: STDPSignature

    public init(model: LayeredEnergyModel, history: [EpochRecord], signature: STDPSignature) {
        self.model = model
        self.history = history.map { record in
            var record = record
            record.wallSeconds = 0
            if record.testAccuracy.isNaN { record.testAccuracy = -1 }
            return record
        }
        self.signature = signature
    }

    /// What differs from `other`, named without printing 10^4 weights ([] if nothing).
    public func differences(from other: TrainedState) -> [String] {
        var differences: [String] = []
        if model.weights != other.model.weights { differences.append("weights differ") }
        if model.biases != other.model.biases { differences.append("biases differ") }
        if history != other.history { differences.append("history differs: \(history) vs \(other.history)") }
        if signature != other.signature { differences.append("signature differs") }
        return differences
    }
}
