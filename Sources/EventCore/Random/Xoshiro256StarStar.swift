#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The xoshiro256** generator (Blackman and Vigna 2018), seeded through
/// SplitMix64: the same seed gives the same 64-bit stream on every platform.
///
/// Derived values use only exact integer arithmetic and IEEE operations:
/// - `uniform()` = (next() >> 11) * 2^-53, a double in [0, 1);
/// - `exponential(mean:)` = -mean * log(1 - uniform()) (log from the C library,
///   correctly rounded in practice on glibc and Apple platforms);
/// - `index(below:)` uses Lemire's multiply-and-reject method.
///
/// `init(seed:stream:)` gives independent streams for the parts of a model
/// (one per population, one per projection), so adding a part does not
/// change the random numbers of the others.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable, Codable {
    @usableFromInline var words: (UInt64, UInt64, UInt64, UInt64)
    /// The four state words (for checkpoints).
    public var state: (UInt64, UInt64, UInt64, UInt64) { words }

    /// Seeds the four state words with successive SplitMix64 outputs starting
    /// from `seed ^ (stream * 0x9E3779B97F4A7C15)`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mix = seed ^ (stream &* 0x9E37_79B9_7F4A_7C15)
        func splitMix() -> UInt64 {
            mix &+= 0x9E37_79B9_7F4A_7C15
            var z = mix
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        words = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    /// Restores a generator from saved state words (not all zero).
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        precondition(state != (0, 0, 0, 0), "xoshiro state must not be all zero")
        self.words = state
    }

    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotate(words.1 &* 5, by: 7) &* 9
        let shifted = words.1 << 17
        words.2 ^= words.0
        words.3 ^= words.1
        words.1 ^= words.2
        words.0 ^= words.3
        words.2 ^= shifted
        words.3 = rotate(words.3, by: 45)
        return result
    }

    @inlinable
    func rotate(_ value: UInt64, by amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }

    /// A double uniformly distributed in [0, 1) with 53 random bits.
    @inlinable
    public mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A double uniformly distributed in [lower, upper).
    @inlinable
    public mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * uniform()
    }

    /// An exponentially distributed double with the given mean.
    @inlinable
    public mutating func exponential(mean: Double) -> Double {
        -mean * log(1 - uniform())
    }

    /// A standard normal deviate (Box-Muller, cosine branch only, so each
    /// deviate uses exactly two uniforms and a stream's position never
    /// depends on earlier draws).
    @inlinable
    public mutating func standardNormal() -> Double {
        let u1 = 1 - uniform()
        let u2 = uniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// A uniformly distributed integer in 0..<bound (Lemire 2019).
    @inlinable
    public mutating func index(below bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        var product = next().multipliedFullWidth(by: bound)
        if product.low < bound {
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = next().multipliedFullWidth(by: bound) }
        }
        return product.high
    }

    // Tuples are neither Hashable nor Codable: spell the four words out.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.words == rhs.words }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
    }
    public init(from decoder: Decoder) throws {
        var container = try decoder.unkeyedContainer()
        let words = (try container.decode(UInt64.self), try container.decode(UInt64.self),
                     try container.decode(UInt64.self), try container.decode(UInt64.self))
        guard words != (0, 0, 0, 0) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "xoshiro state is all zero"))
        }
        self.init(state: words)
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(words.0); try container.encode(words.1)
        try container.encode(words.2); try container.encode(words.3)
    }
}
