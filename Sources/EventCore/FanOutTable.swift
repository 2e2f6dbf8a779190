/// Outgoing connections of every source node in compressed sparse row form:
/// the targets of source `s` are `targets[row(s)]`.
///
/// Targets are 32-bit local indices into the target population and row
/// offsets are 32-bit too, so a connection costs 4 bytes plus its share of
/// the offsets, and the offsets of 40,000 sources take 160 KB instead of
/// 320 KB of cache. Weight and delay are properties of the whole projection,
/// not stored per connection.
public struct FanOutTable: Sendable, Equatable {
    @usableFromInline let offsets: [UInt32]
    public let targets: [UInt32]

    /// Builds a table from row offsets (`rowStart[s] ..< rowStart[s + 1]` are
    /// the connections of source s) and the concatenated target lists.
    public init(rowStart: [Int], targets: [UInt32]) {
        precondition(rowStart.first == 0 && rowStart.last == targets.count, "row offsets must span the target array")
        precondition(targets.count <= Int(UInt32.max), "at most 2^32 - 1 connections per table")
        offsets = rowStart.map { UInt32($0) }
        self.targets = targets
    }

    public var sourceCount: Int { offsets.count - 1 }
    public var connectionCount: Int { targets.count }

    /// Positions in `targets` of one source's connections.
    @inlinable
    public func row(_ source: Int) -> Range<Int> {
        Int(offsets[source])..<Int(offsets[source + 1])
    }

    /// Targets of one source.
    @inlinable
    public func targets(of source: Int) -> ArraySlice<UInt32> {
        targets[row(source)]
    }

    /// Bytes held by the table (targets and row offsets).
    public var byteCount: Int {
        (targets.count + offsets.count) * MemoryLayout<UInt32>.stride
    }
}
