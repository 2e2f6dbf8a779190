import EventCore

/// The fixed random mask that spreads a frame's features over N virtual
/// nodes: node n of a frame u (features in [0, 1]) receives
///
///     m_n = (1 / sqrt(F)) sum_f M_nf (u_f - 1/2),
///
/// M drawn once from `seed` (N x F; `binary`: +-1 with equal odds, as in
/// Torrejon et al.; `uniform`: uniform in [-1, 1]). Centring u makes m_n
/// symmetric about 0 and 1 / sqrt(F) keeps its spread about that of one
/// feature whatever F is.
public struct InputMask: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case binary, uniform
    }

    public let nodes: Int
    public let features: Int
    /// M, row n (one node) after row n - 1, already divided by sqrt(F).
    public let weights: [Double]

    public init(kind: Kind, nodes: Int, features: Int, seed: UInt64) {
        precondition(nodes > 0 && features > 0, "a mask needs nodes and features")
        var rng = Xoshiro256StarStar(seed: seed, stream: 0x3A5C)
        let scale = 1 / Double(features).squareRoot()
        weights = (0..<(nodes * features)).map { _ in
            switch kind {
            case .binary: rng.uniform() < 0.5 ? -scale : scale
            case .uniform: (2 * rng.uniform() - 1) * scale
            }
        }
        self.nodes = nodes
        self.features = features
    }

    /// m_n for every node of one frame, into `inputs` (N values).
    public func apply(_ frame: ArraySlice<Double>, into inputs: inout [Double]) {
        precondition(frame.count == features && inputs.count == nodes, "mask of \(features) features x \(nodes) nodes")
        weights.withUnsafeBufferPointer { m in
            frame.withUnsafeBufferPointer { u in
                for n in 0..<nodes {
                    var sum = 0.0
                    let row = n * features
                    for f in 0..<features { sum += m[row + f] * (u[f] - 0.5) }
                    inputs[n] = sum
                }
            }
        }
    }
}
