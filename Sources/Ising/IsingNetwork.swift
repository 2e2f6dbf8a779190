import EventCore

/// The layered Ising network of Laydevant et al. 2024: input pixels act only
/// as fields of the hidden spins, hidden and output spins are coupled
/// (bipartite), and each class owns `spinsPerClass` output spins.
///
///     h_hidden = clip(b_hidden + W^T x, -fieldLimit, fieldLimit)
///     h_output = clip(b_output + beta y, -fieldLimit, fieldLimit)   (beta = 0: free)
///     E(s) = - sum_{k,o} J_ko s_k s_o - sum_k h_k s_k - sum_o h_o s_o
///
/// with x in [0, 1] (pixel / 255) and target spins y = +1 for the class's
/// output spins, -1 for the others. Every weight, coupling and bias lies in
/// [-1, 1] (the annealer's range; updates are clipped there).
/// Sign convention: the paper's code hands D-Wave E = +J s s + h s and
/// nudges with -beta y; ours is the usual physics sign, so both flip together.
public struct IsingNetwork: Sendable, Equatable, Codable {
    /// At most 10^8 pixel weights and couplings (800 MB of doubles; the
    /// paper's 784-120-40 has 99,000): larger networks are refused, whether
    /// images of many pixels ask for them or a model file declares them.
    public static let largestCouplingCount = 100_000_000

    public let inputCount: Int
    public let hiddenCount: Int
    public let classCount: Int
    public let spinsPerClass: Int
    /// inputWeights[p * hiddenCount + k]: pixel p to hidden spin k.
    public var inputWeights: [Double]
    public var hiddenBiases: [Double]
    /// couplings[k * outputCount + o]: hidden spin k to output spin o.
    public var couplings: [Double]
    public var outputBiases: [Double]
    public var fieldLimit = 4.0

    public var outputCount: Int { classCount * spinsPerClass }
    public var spinCount: Int { hiddenCount + outputCount }

    /// The paper's initialisation: uniform weights of half-width
    /// gain / sqrt(fan-in) (gains 0.5 for pixels and 0.25 for couplings), zero biases.
    public init(inputCount: Int = 784, hiddenCount: Int = 120, classCount: Int = 10, spinsPerClass: Int = 4,
                inputGain: Double = 0.5, couplingGain: Double = 0.25, seed: UInt64) {
        precondition(inputCount > 0 && hiddenCount > 0 && classCount > 1 && spinsPerClass > 0, "layer sizes must be positive")
        self.inputCount = inputCount
        self.hiddenCount = hiddenCount
        self.classCount = classCount
        self.spinsPerClass = spinsPerClass
        var rng = Xoshiro256StarStar(seed: seed, key: StreamKey("ising-initial-weights"))
        let a = inputGain / Double(inputCount).squareRoot(), b = couplingGain / Double(hiddenCount).squareRoot()
        inputWeights = (0..<(inputCount * hiddenCount)).map { _ in rng.uniform(-a, a) }
        couplings = (0..<(hiddenCount * classCount * spinsPerClass)).map { _ in rng.uniform(-b, b) }
        hiddenBiases = Array(repeating: 0, count: hiddenCount)
        outputBiases = Array(repeating: 0, count: classCount * spinsPerClass)
    }

    /// Target output spins of a class: +1 on its own spins, -1 elsewhere.
    public func targetSpins(_ label: Int) -> [Int8] {
        (0..<outputCount).map { $0 / spinsPerClass == label ? 1 : -1 }
    }

    /// The Ising problem the network poses for one input (sparse: pixel
    /// indices and values x), free. Spins 0..<hiddenCount are hidden, then outputs.
    public func problem(pixels: [Int32], values: [Double]) -> IsingProblem {
        var fields = hiddenBiases
        for (p, x) in zip(pixels, values) {
            let row = Int(p) * hiddenCount
            for k in 0..<hiddenCount { fields[k] += x * inputWeights[row + k] }
        }
        fields += outputBiases
        for i in fields.indices { fields[i] = min(max(fields[i], -fieldLimit), fieldLimit) }
        var list: [(i: Int, j: Int, coupling: Double)] = []
        list.reserveCapacity(couplings.count)
        for k in 0..<hiddenCount {
            for o in 0..<outputCount { list.append((k, hiddenCount + o, couplings[k * outputCount + o])) }
        }
        // Indices and values are the network's own, in range and finite.
        return try! IsingProblem(fields: fields, couplings: list)
    }

    /// The same input's problem nudged towards `label` with strength beta:
    /// output fields clip(b_o + beta y_o); the couplings and hidden fields are
    /// `free`'s, so only the outputs' fields are recomputed.
    public func nudged(_ free: IsingProblem, label: Int, beta: Double) -> IsingProblem {
        var problem = free
        for o in 0..<outputCount {
            let field = outputBiases[o] + beta * (o / spinsPerClass == label ? 1 : -1)
            problem.fields[hiddenCount + o] = min(max(field, -fieldLimit), fieldLimit)
        }
        return problem
    }

    /// The class with the largest summed output spins (ties: the lowest
    /// class), from output spins averaged over reads.
    public func predictedClass(meanOutput: [Double]) -> Int {
        var best = 0, bestSum = -Double.infinity
        for c in 0..<classCount {
            let sum = meanOutput[(c * spinsPerClass)..<((c + 1) * spinsPerClass)].reduce(0, +)
            if sum > bestSum { (best, bestSum) = (c, sum) }
        }
        return best
    }
}
