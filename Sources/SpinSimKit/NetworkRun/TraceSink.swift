import EventCore
import Formats

/// Hands the spikes the kernel records to the SONATA trace writer, which
/// knows files, not kernels (Formats imports no domain module), keeping
/// only the chosen nodes of populations recorded in part.
public final class TraceSink: SpikeSink {
    public let writer: TraceWriter
    /// Per population: one bit per node kept, or nil for every node.
    private let kept: [[UInt64]?]

    /// `nodes[p]`: the nodes of population p whose spikes are written (nil: all).
    public init(_ writer: TraceWriter, nodes: [[Int]?] = []) {
        self.writer = writer
        kept = nodes.map { list in
            list.map { list in
                var bits = [UInt64](repeating: 0, count: (list.max() ?? 0) / 64 + 1)
                for node in list { bits[node >> 6] |= 1 << UInt64(node & 63) }
                return bits
            }
        }
    }

    public func record(time: Double, population: Int, node: UInt64) {
        if population < kept.count, let bits = kept[population] {
            let word = Int(node >> 6)
            guard word < bits.count, bits[word] & (1 << (node & 63)) != 0 else { return }
        }
        writer.record(time: time, population: population, node: node)
    }
}
