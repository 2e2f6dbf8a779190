/// A 64-bit name for one random stream, built from the names and indices of
/// what it serves (a projection, a target node), so that the numbers a part of
/// a model draws depend only on that part: not on the order of a global loop,
/// not on which process builds it, not on the other parts of the model.
///
/// Components are folded in with SplitMix64's finaliser, which changes about
/// half the output bits for a one-bit change of the input; strings are folded
/// byte by byte (UTF-8) followed by their length, so ("ab", "c") and ("a", "bc")
/// give different keys.
public struct StreamKey: Sendable, Hashable {
    public private(set) var value: UInt64

    /// A key from a purpose tag such as "connections" or "initial-state".
    public init(_ purpose: String) {
        value = 0x5350_494E_5349_4D00  // "SPINSIM\0"
        adding(purpose)
    }

    /// The key extended by a name.
    public func with(_ name: String) -> StreamKey {
        var copy = self
        copy.adding(name)
        return copy
    }

    /// The key extended by an index.
    public func with(_ index: UInt64) -> StreamKey {
        var copy = self
        copy.fold(index)
        return copy
    }

    private mutating func adding(_ name: String) {
        var count: UInt64 = 0
        for byte in name.utf8 {
            fold(UInt64(byte))
            count += 1
        }
        fold(count)
    }

    private mutating func fold(_ word: UInt64) {
        var z = (value ^ word) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        value = z ^ (z >> 31)
    }
}

extension Xoshiro256StarStar {
    /// The stream named `key` of the run seeded with `seed`.
    public init(seed: UInt64, key: StreamKey) {
        self.init(seed: seed, stream: key.value)
    }
}
