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
    ///
    /// The frames are transposed into columns (one contiguous run of frames
    /// per state) so that each G_ij gains one dot product of two contiguous
    /// arrays, which the compiler vectorises; a rank-one update per frame
    /// would stream all of G through the cache once per frame.
    public mutating func add(_ states: FeatureFrames, label: Int) {
        precondition(states.channels == dimension && (0..<classes).contains(label), "states or label out of shape")
        let d = dimension, count = states.frameCount
        guard count > 0 else { return }
        var columns = [Double](repeating: 0, count: d * count)
        for k in 0..<count {
            for i in 0..<d { columns[i * count + k] = states.values[k * d + i] }
        }
        columns.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { g in
                for i in 0..<d {
                    let a = x.baseAddress! + i * count
                    for j in i..<d {
                        let b = x.baseAddress! + j * count
                        var sum = 0.0
                        for k in 0..<count { sum += a[k] * b[k] }
                        g[i * d + j] += sum
                    }
                }
            }
        }
        for i in 0..<d {
            var sum = 0.0
            for k in 0..<count { sum += columns[i * count + k] }
            stateSum[i] += sum
            classStateSums[label * d + i] += sum
        }
        classFrames[label] += count
    }

    public static func += (lhs: inout NormalEquations, rhs: NormalEquations) {
        precondition(lhs.dimension == rhs.dimension && lhs.classes == rhs.classes, "equations of different shapes")
        for i in lhs.gram.indices { lhs.gram[i] += rhs.gram[i] }
        for i in lhs.stateSum.indices { lhs.stateSum[i] += rhs.stateSum[i] }
        for i in lhs.classStateSums.indices { lhs.classStateSums[i] += rhs.classStateSums[i] }
        for i in lhs.classFrames.indices { lhs.classFrames[i] += rhs.classFrames[i] }
    }
}
