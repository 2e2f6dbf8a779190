import EventCore
import Formats

/// Hands the spikes the kernel records to the SONATA trace writer, which
/// knows files, not kernels (Formats imports no domain module), keeping
/// only the chosen nodes of populations recorded in part.
///
/// Spikes are written in (time, population, node) order. The kernel emits
/// simultaneous spikes of a population with the neuron furthest past
/// threshold first, which a partitioned run cannot reproduce (its parts
/// merge their spikes by (time, gid)); so the spikes of one instant are held
/// until time moves on, and written sorted, making one thread's file and
/// several threads' files the same bytes.
public final class TraceSink: SpikeSink {
    public let writer: TraceWriter
    /// Per population: one bit per node kept, or nil for every node.
    private let kept: [[UInt64]?]
    /// The spikes of the instant `pendingTime` not yet written (few: capacity is kept).
    private var pending: [(population: Int, node: UInt64)] = []
    private var pendingTime = -Double.infinity

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

    /// Spikes must come in nondecreasing time, as the kernel emits them.
    public func record(time: Double, population: Int, node: UInt64) {
        if population < kept.count, let bits = kept[population] {
            let word = Int(node >> 6)
            guard word < bits.count, bits[word] & (1 << (node & 63)) != 0 else { return }
        }
        assert(time >= pendingTime, "spikes out of time order")
        if time != pendingTime { drain() }
        pendingTime = time
        pending.append((population, node))
    }

    /// Writes the held spikes. Called before the trace is flushed, closed or
    /// checkpointed: those happen between instants (a periodic task at t runs
    /// before any event at t), so an instant is never split.
    public func drain() {
        if pending.count > 1 { pending.sort { ($0.population, $0.node) < ($1.population, $1.node) } }
        for spike in pending { writer.record(time: pendingTime, population: spike.population, node: spike.node) }
        pending.removeAll(keepingCapacity: true)
    }
}
