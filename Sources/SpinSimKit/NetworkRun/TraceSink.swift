import EventCore
import Formats

/// Hands the spikes the kernel records to the SONATA trace writer, which
/// knows files, not kernels (Formats imports no domain module).
public final class TraceSink: SpikeSink {
    public let writer: TraceWriter

    public init(_ writer: TraceWriter) { self.writer = writer }

    public func record(time: Double, population: Int, node: UInt64) {
        writer.record(time: time, population: population, node: node)
    }
}
