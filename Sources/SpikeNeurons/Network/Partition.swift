/// Which part of a network one process or thread builds and simulates: part
/// `part` of `parts` holds a contiguous block of every population, about
/// 1 / parts of its nodes. Connections are generated onto the nodes held
/// (target-centric), from random streams keyed by target, so the parts
/// together hold exactly the connections of the whole network.
public struct Partition: Sendable, Hashable, Codable {
    public let part: Int
    public let parts: Int

    public init(part: Int, of parts: Int) {
        precondition(parts > 0 && (0..<parts).contains(part), "part must be in 0..<parts")
        self.part = part
        self.parts = parts
    }

    /// The whole network in one part.
    public static let whole = Partition(part: 0, of: 1)

    /// The nodes of a population of `size` nodes that this part holds.
    public func nodes(ofPopulationSize size: Int) -> Range<Int> {
        (size * part / parts)..<(size * (part + 1) / parts)
    }
}
