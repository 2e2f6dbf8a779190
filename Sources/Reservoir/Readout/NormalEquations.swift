/// The sums a least-squares read-out needs, accumulated over frames x (d
/// states each) with one-hot targets y (frame of class c: y_c = 1, others 0):
/// the Gram matrix G = sum x x^T (upper triangle filled), s = sum x,
/// per-class state sums C_c = sum over frames of class c of x, and frame
/// counts per class. Sums of disjoint sets of frames add, so a fold's
/// equations are the sum of its chunks', and a training set's the sum of its folds'.
public struct NormalEquations: Sendable, Equatable {
    public let dimension: Int
    public let classes: Int
    /// G, row-major d x d; only j >= i is filled until `symmetrised`.
    public var gram: [Double]
    public var stateSum: [Double]
    /// C, class-major (classes x d).
    public var classStateSums: [Double]
    public var classFrames: [Int]

    public init(dimension: Int, classes: Int) {
        self.dimension = dimension
        self.classes = classes
        gram = [Double](repeating: 0, count: dimension * dimension)
        stateSum = [Double](repeating: 0, count: dimension)
        classStateSums = [Double](repeating: 0, count: classes * dimension)
        classFrames = [Int](repeating: 0, count: classes)
    }

    public var frames: Int { classFrames.reduce(0, +) }

    /// Adds every frame of one utterance of class `label`.
    public mutating func add(_ states: FeatureFrames, label: Int) {
        add([states], labels: [label])
    }

    /// Adds every frame of several utterances, `labels[u]` the class of `states[u]`.
    ///
    /// The frames are transposed into columns (one contiguous run of all the
    /// frames per state) so that G gains dot products of long contiguous
    /// arrays (`dotProduct`, vectorised), four entries at a time: a 2 x 2
    /// block of G reads two columns of each side once for four products.
    /// A rank-one update per frame would instead stream all of G through the
    /// cache once per frame; one call per utterance (about 40 frames at 10 ms)
    /// would leave the vector loop a short tail each time.
    public mutating func add(_ states: [FeatureFrames], labels: [Int]) {
        precondition(states.count == labels.count, "one label per utterance")
        let d = dimension
        let count = states.reduce(0) { $0 + $1.frameCount }
        guard count > 0 else { return }
        var columns = [Double](repeating: 0, count: d * count)
        var offset = 0
        for (utterance, label) in zip(states, labels) {
            precondition(utterance.channels == d && (0..<classes).contains(label), "states or label out of shape")
            for k in 0..<utterance.frameCount {
                for i in 0..<d { columns[i * count + offset + k] = utterance.values[k * d + i] }
            }
            for i in 0..<d {
                var sum = 0.0
                for k in 0..<utterance.frameCount { sum += utterance.values[k * d + i] }
                stateSum[i] += sum
                classStateSums[label * d + i] += sum
            }
            classFrames[label] += utterance.frameCount
            offset += utterance.frameCount
        }
        columns.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { g in
                let base = x.baseAddress!
                var i = 0
                while i < d {
                    let a0 = base + i * count
                    if i + 1 < d {
                        let a1 = a0 + count
                        g[i * d + i] += dotProduct(a0, a0, count)
                        g[i * d + i + 1] += dotProduct(a0, a1, count)
                        g[(i + 1) * d + i + 1] += dotProduct(a1, a1, count)
                        var j = i + 2
                        while j + 1 < d {
                            let b0 = base + j * count, b1 = b0 + count
                            let p = dotProducts2x2(a0, a1, b0, b1, count)
                            g[i * d + j] += p.0
                            g[i * d + j + 1] += p.1
                            g[(i + 1) * d + j] += p.2
                            g[(i + 1) * d + j + 1] += p.3
                            j += 2
                        }
                        if j < d {
                            g[i * d + j] += dotProduct(a0, base + j * count, count)
                            g[(i + 1) * d + j] += dotProduct(a1, base + j * count, count)
                        }
                    } else {
                        g[i * d + i] += dotProduct(a0, a0, count)
                    }
                    i += 2
                }
            }
        }
    }

    public static func += (lhs: inout NormalEquations, rhs: NormalEquations) {
        precondition(lhs.dimension == rhs.dimension && lhs.classes == rhs.classes, "equations of different shapes")
        for i in lhs.gram.indices { lhs.gram[i] += rhs.gram[i] }
        for i in lhs.stateSum.indices { lhs.stateSum[i] += rhs.stateSum[i] }
        for i in lhs.classStateSums.indices { lhs.classStateSums[i] += rhs.classStateSums[i] }
        for i in lhs.classFrames.indices { lhs.classFrames[i] += rhs.classFrames[i] }
    }
}
