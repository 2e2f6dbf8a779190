/// Which input each oscillator follows at the end of a token: the network's
/// answer. `states[i]` is 0 (neither), 1 (source A) or 2 (source B); the
/// pattern's `code` is sum_i states[i] 3^i, a compact key for tables and files.
public struct LockPattern: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let free: UInt8 = 0
    public static let sourceA: UInt8 = 1
    public static let sourceB: UInt8 = 2

    public var states: [UInt8]

    public init(states: [UInt8]) {
        precondition(states.allSatisfy { $0 <= 2 }, "a lock state is 0, 1 (A) or 2 (B)")
        self.states = states
    }

    public init(code: Int, count: Int) {
        var rest = code
        states = (0..<count).map { _ in defer { rest /= 3 }; return UInt8(rest % 3) }
    }

    public var code: Int { states.reversed().reduce(0) { $0 * 3 + Int($1) } }

    /// Oscillators whose states differ.
    public func distance(to other: LockPattern) -> Int { zip(states, other.states).filter { $0 != $1 }.count }

    public static func < (a: LockPattern, b: LockPattern) -> Bool { a.code < b.code }

    /// "AB-0" style: one letter per oscillator, '-' for free.
    public var description: String { String(states.map { $0 == 1 ? "A" : $0 == 2 ? "B" : "-" }) }
}
