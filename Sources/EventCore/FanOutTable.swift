/// Outgoing connections of every source node in compressed sparse row form:
/// the targets of source `s` are `targets[rowStart[s] ..< rowStart[s + 1]]`.
///
/// Targets are 32-bit local indices into the target population, so a
/// connection costs 4 bytes plus its share of the row offsets. Weight and
/// delay are properties of the whole projection, not stored per connection.
public struct FanOutTable: Sendable, Equatable {
    public let rowStart: [Int]
    public let targets: [UInt32]

    /// Builds a table from per-source target lists given in source order.
    public init(rowStart: [Int], targets: [UInt32]) {
        precondition(rowStart.first == 0 && rowStart.last == targets.count, "row offsets must span the target array")
        self.rowStart = rowStart
        self.targets = targets
    }

    public var sourceCount: Int { rowStart.count - 1 }
    public var connectionCount: Int { targets.count }

    /// Targets of one source.
    @inlinable
    public func targets(of source: Int) -> ArraySlice<UInt32> {
        targets[rowStart[source]..<rowStart[source + 1]]
    }

    /// Bytes held by the table (targets and row offsets).
    public var byteCount: Int {
        targets.count * MemoryLayout<UInt32>.stride + rowStart.count * MemoryLayout<Int>.stride
    }
}
