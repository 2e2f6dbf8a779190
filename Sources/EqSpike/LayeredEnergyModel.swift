import EventCore

/// The parameters of a layered energy-based network: layer 0 is the clamped
/// input, the last layer the output, and each layer is connected only to its
/// neighbours by symmetric weights.
///
/// Energy (Scellier and Bengio 2017), with rho(s) = clip(s, 0, 1):
///
///     E(s) = 1/2 sum_j s_j^2 - sum_k sum_(i in k, j in k+1) W^k_ji rho(s_i) rho(s_j) - sum_j b_j rho(s_j)
///
/// Storage: `weights` holds every layer's matrix flat, float32, one after the
/// other; matrix k (layer k -> layer k+1) has one row per neuron j of layer
/// k+1 and one column per neuron i of layer k, so W^k_ji is
/// `weights[weightOffsets[k] + j * layerSizes[k] + i]`. `biases` holds b_j of
/// layers 1...L one layer after the other (`biasOffsets[k]` is where layer k+1
/// starts). Float32 in memory, as in the model file, so a saved model
/// evaluates exactly as it trained.
public struct LayeredEnergyModel: Sendable, Equatable {
    public let layerSizes: [Int]
    public var weights: [Float]
    public var biases: [Float]
    public let weightOffsets: [Int]
    public let biasOffsets: [Int]

    /// At most 50 million weights (200 MB of float32, and training holds a
    /// few copies; 784-500-10 has 397,000): larger networks are refused,
    /// whether asked for by options or declared by a model file.
    public static let largestWeightCount = 50_000_000

    /// Why a network of `layerSizes` cannot be built, or nil if it can: at
    /// least two layers, each of positive size, `largestWeightCount` weights in all.
    public static func sizeProblem(_ layerSizes: [Int]) -> String? {
        guard layerSizes.count >= 2, layerSizes.allSatisfy({ $0 > 0 }) else { return "needs at least two layers of positive size" }
        var weights = 0
        for k in 1..<layerSizes.count {
            let (product, overflow) = layerSizes[k - 1].multipliedReportingOverflow(by: layerSizes[k])
            weights = overflow ? Int.max : weights.addingReportingOverflow(product).overflow ? Int.max : weights + product
        }
        guard weights <= largestWeightCount else {
            return "\(layerSizes.map(String.init).joined(separator: "-")) has more than \(largestWeightCount) weights"
        }
        return nil
    }

    /// Number of weight matrices (= number of non-input layers).
    public var matrixCount: Int { layerSizes.count - 1 }

    /// Glorot-uniform weights (W^k_ji uniform in +-scale sqrt(6 / (n_k + n_(k+1)))),
    /// zero biases; matrix k draws from its own random stream of `seed`.
    public init(layerSizes: [Int], seed: UInt64, scale: Double = 1) {
        self.init(layerSizes: layerSizes, weights: nil, biases: nil)
        for k in 0..<matrixCount {
            var random = Xoshiro256StarStar(seed: seed, stream: UInt64(k))
            let limit = scale * (6.0 / Double(layerSizes[k] + layerSizes[k + 1])).squareRoot()
            for index in weightOffsets[k]..<weightOffsets[k + 1] {
                weights[index] = Float(random.uniform(-limit, limit))
            }
        }
    }

    /// A model with the given flat weights and biases (zero if nil).
    public init(layerSizes: [Int], weights: [Float]?, biases: [Float]?) {
        precondition(layerSizes.count >= 2 && layerSizes.allSatisfy { $0 > 0 }, "at least an input and an output layer")
        self.layerSizes = layerSizes
        var weightOffsets = [0], biasOffsets = [0]
        for k in 0..<(layerSizes.count - 1) {
            weightOffsets.append(weightOffsets[k] + layerSizes[k] * layerSizes[k + 1])
            biasOffsets.append(biasOffsets[k] + layerSizes[k + 1])
        }
        self.weightOffsets = weightOffsets
        self.biasOffsets = biasOffsets
        self.weights = weights ?? [Float](repeating: 0, count: weightOffsets.last!)
        self.biases = biases ?? [Float](repeating: 0, count: biasOffsets.last!)
        precondition(self.weights.count == weightOffsets.last! && self.biases.count == biasOffsets.last!,
                     "weights and biases must match the layer sizes")
    }

    /// Matrix k (layer k -> k+1), row-major, one row per neuron of layer k+1.
    public func weightMatrix(_ k: Int) -> ArraySlice<Float> { weights[weightOffsets[k]..<weightOffsets[k + 1]] }

    /// Biases of layer k+1.
    public func biasVector(_ k: Int) -> ArraySlice<Float> { biases[biasOffsets[k]..<biasOffsets[k + 1]] }

    /// Multiply-accumulates of one dense pass through every matrix (what a
    /// rate network pays per sweep if it recomputed the input drive).
    public var denseMultiplyAccumulates: Int { weightOffsets.last! }
}
