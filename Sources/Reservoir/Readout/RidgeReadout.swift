/// A linear read-out from frame states to classes, fitted by ridge
/// regression in closed form and summed over an utterance.
///
/// Per frame, output_c = w_c . x + b_c, fitted to one-hot targets by
///
///     minimise sum over frames |W x + b - y|^2 + lambda' |W|^2,
///
/// with the intercept b unpenalised: on centred sums, (G_c + lambda' I) w_c =
/// C_c - (n_c / n) s with G_c = G - s s^T / n, then b_c = n_c / n - w_c . s / n
/// (`NormalEquations` holds G, s, C and n). lambda' = `regularisation` x
/// trace(G_c) / d, so the grid of `regularisation` means the same for
/// states of any scale. An utterance's class is the c with the largest
/// sum of output_c over its frames, w_c . S + n b_c for state sum S of n frames.
public struct RidgeReadout: Sendable, Equatable {
    public let dimension: Int
    public let classes: Int
    /// W, class-major (classes x d).
    public let weights: [Double]
    public let bias: [Double]
    /// lambda' / (trace(G_c) / d).
    public let regularisation: Double

    public init(dimension: Int, classes: Int, weights: [Double], bias: [Double], regularisation: Double) {
        precondition(weights.count == dimension * classes && bias.count == classes, "read-out out of shape")
        self.dimension = dimension
        self.classes = classes
        self.weights = weights
        self.bias = bias
        self.regularisation = regularisation
    }

    /// The fit to `equations`, or nil when they hold no frame or the system is singular.
    public init?(fitting equations: NormalEquations, regularisation: Double) {
        let d = equations.dimension, classes = equations.classes
        let n = Double(equations.frames)
        guard n > 0 else { return nil }
        let s = equations.stateSum
        var centred = equations.gram
        var trace = 0.0
        for i in 0..<d {
            for j in i..<d { centred[i * d + j] -= s[i] * s[j] / n }
            trace += centred[i * d + i]
        }
        let penalty = regularisation * max(trace, .leastNormalMagnitude) / Double(d)
        for i in 0..<d { centred[i * d + i] += penalty }
        var rhs = [Double](repeating: 0, count: d * classes)
        for c in 0..<classes {
            let share = Double(equations.classFrames[c]) / n
            for i in 0..<d { rhs[i * classes + c] = equations.classStateSums[c * d + i] - share * s[i] }
        }
        guard let solution = choleskySolve(centred, n: d, rhs, m: classes) else { return nil }
        var weights = [Double](repeating: 0, count: classes * d)
        var bias = [Double](repeating: 0, count: classes)
        for c in 0..<classes {
            var dot = 0.0
            for i in 0..<d {
                weights[c * d + i] = solution[i * classes + c]
                dot += solution[i * classes + c] * s[i]
            }
            bias[c] = Double(equations.classFrames[c]) / n - dot / n
        }
        self.init(dimension: d, classes: classes, weights: weights, bias: bias, regularisation: regularisation)
    }

    /// Summed outputs over an utterance with state sum `stateSum` over `frames` frames.
    public func scores(stateSum: [Double], frames: Int) -> [Double] {
        (0..<classes).map { c in
            var sum = Double(frames) * bias[c]
            for i in 0..<dimension { sum += weights[c * dimension + i] * stateSum[i] }
            return sum
        }
    }

    /// The predicted class (ties to the lower class index).
    public func predict(stateSum: [Double], frames: Int) -> Int {
        let s = scores(stateSum: stateSum, frames: frames)
        return s.indices.max { s[$0] < s[$1] || (s[$0] == s[$1] && $0 > $1) }!
    }
}
