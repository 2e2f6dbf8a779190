import Foundation

/// Multinomial logistic regression on standardised (t2, t3): class c scores
/// b_c + w_c . x, probabilities are the softmax of the scores, and the
/// prediction is the most probable class (the first on a tie). With two
/// classes it is ordinary binary logistic regression.
///
/// Fitting minimises the summed cross-entropy plus (l2 / 2) * |w|^2 over the
/// feature weights (biases are not penalised), the convention of
/// scikit-learn's `LogisticRegression(C = 1 / l2)`. Method: Newton's method
/// from all-zero weights, each step solved by Cholesky and shortened by
/// halving until the objective drops (Armijo, 1e-4; a change within 1e-13 of
/// the objective's size counts as a drop), until the largest
/// gradient component is below `tolerance` (1e-8), at most 100 steps. The
/// objective is strictly convex up to one direction (the same constant added
/// to every bias, which changes no probability), so the step is solved with
/// 1e-10 added to the Hessian's diagonal and the biases are re-centred to
/// mean zero after each step. Deterministic: no seed, no data order effect
/// beyond the order of classes.
public struct LogisticRegression: SampleClassifier {
    public static let defaultL2 = 1.0
    public static let tolerance = 1e-8
    public static let maximumSteps = 100

    public let classes: [String]
    public let scaling: FeatureScaling
    /// Per class: [bias, weight of t2, weight of t3], on standardised features.
    public let weights: [[Double]]
    /// Newton steps taken, and whether the gradient reached `tolerance`.
    public let steps: Int
    public let converged: Bool

    public init(samples: [InputSpikeTimes], labels: [String], l2: Double = defaultL2) {
        precondition(!samples.isEmpty && labels.count == samples.count, "one label per sample, at least one")
        precondition(l2.isFinite && l2 > 0, "l2 must be positive: it keeps separable data's weights finite")
        let classes = classesInOrder(labels), scaling = FeatureScaling(samples: samples)
        let problem = Problem(inputs: samples.map { [1] + scaling.features($0) },
                              targets: labels.map { classes.firstIndex(of: $0)! }, classCount: classes.count, l2: l2)
        self.classes = classes
        self.scaling = scaling
        (weights, steps, converged) = problem.minimise()
    }

    /// Probability of each class (in `classes` order).
    public func probabilities(_ sample: InputSpikeTimes) -> [Double] {
        softmax(scores([1] + scaling.features(sample), weights))
    }

    public func predict(_ sample: InputSpikeTimes) -> String {
        let p = probabilities(sample)
        return classes[p.firstIndex(of: p.max()!)!]
    }
}

private func scores(_ x: [Double], _ weights: [[Double]]) -> [Double] {
    weights.map { w in zip(w, x).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// Softmax, shifted by the largest score so that no exponential overflows.
private func softmax(_ z: [Double]) -> [Double] {
    let top = z.max()!
    let e = z.map { exp($0 - top) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
}

/// The penalised negative log-likelihood, its gradient and Hessian over the
/// parameters flattened class by class (index 3c + j, j = 0 the bias).
private struct Problem {
    let inputs: [[Double]]
    let targets: [Int]
    let classCount: Int
    let l2: Double

    var size: Int { 3 * classCount }

    func objective(_ w: [[Double]]) -> Double {
        var total = 0.0
        for (x, y) in zip(inputs, targets) {
            let z = scores(x, w), top = z.max()!
            total += top + log(z.reduce(0) { $0 + exp($1 - top) }) - z[y]
        }
        return total + 0.5 * l2 * w.reduce(0) { $0 + $1[1] * $1[1] + $1[2] * $1[2] }
    }

    func gradientAndHessian(_ w: [[Double]]) -> ([Double], [[Double]]) {
        var g = [Double](repeating: 0, count: size)
        var h = [[Double]](repeating: [Double](repeating: 0, count: size), count: size)
        for (x, y) in zip(inputs, targets) {
            let p = softmax(scores(x, w))
            for c in 0..<classCount {
                for j in 0..<3 { g[3 * c + j] += (p[c] - (c == y ? 1 : 0)) * x[j] }
                for d in 0..<classCount {
                    let coupling = p[c] * ((c == d ? 1 : 0) - p[d])
                    for j in 0..<3 { for k in 0..<3 { h[3 * c + j][3 * d + k] += coupling * x[j] * x[k] } }
                }
            }
        }
        for c in 0..<classCount {
            for j in 1..<3 {
                g[3 * c + j] += l2 * w[c][j]
                h[3 * c + j][3 * c + j] += l2
            }
        }
        return (g, h)
    }

    func minimise() -> (weights: [[Double]], steps: Int, converged: Bool) {
        var w = [[Double]](repeating: [0, 0, 0], count: classCount)
        var value = objective(w)
        for step in 0..<LogisticRegression.maximumSteps {
            var (g, h) = gradientAndHessian(w)
            if g.map(\.magnitude).max()! < LogisticRegression.tolerance { return (w, step, true) }
            for i in 0..<size { h[i][i] += 1e-10 }
            guard let direction = choleskySolve(h, g.map { -$0 }) else { return (w, step, false) }
            let slope = zip(g, direction).reduce(0) { $0 + $1.0 * $1.1 }
            func moved(_ length: Double) -> [[Double]] {
                w.indices.map { c in (0..<3).map { w[c][$0] + length * direction[3 * c + $0] } }
            }
            // A change within rounding of the objective counts as no increase: near
            // the minimum the decrease Armijo asks for is below what doubles resolve.
            let rounding = 1e-13 * max(1, value.magnitude)
            var length = 1.0, trial = moved(length), trialValue = objective(trial)
            while trialValue > value + 1e-4 * length * slope + rounding && length > 1e-12 {
                length /= 2
                trial = moved(length)
                trialValue = objective(trial)
            }
            let meanBias = trial.reduce(0) { $0 + $1[0] } / Double(classCount)
            w = trial.map { [$0[0] - meanBias, $0[1], $0[2]] }
            value = trialValue
        }
        let (g, _) = gradientAndHessian(w)
        return (w, LogisticRegression.maximumSteps, g.map(\.magnitude).max()! < LogisticRegression.tolerance)
    }
}

/// Solves A x = b for a symmetric positive definite A by Cholesky
/// (A = L L^T); nil if a pivot is not positive.
private func choleskySolve(_ a: [[Double]], _ b: [Double]) -> [Double]? {
    let n = b.count
    var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for i in 0..<n {
        for j in 0...i {
            let sum = (0..<j).reduce(a[i][j]) { $0 - l[i][$1] * l[j][$1] }
            if i == j {
                guard sum > 0 else { return nil }
                l[i][i] = sum.squareRoot()
            } else {
                l[i][j] = sum / l[j][j]
            }
        }
    }
    var y = b
    for i in 0..<n { y[i] = ((0..<i).reduce(y[i]) { $0 - l[i][$1] * y[$1] }) / l[i][i] }
    var x = y
    for i in (0..<n).reversed() { x[i] = (((i + 1)..<n).reduce(x[i]) { $0 - l[$1][i] * x[$1] }) / l[i][i] }
    return x
}
