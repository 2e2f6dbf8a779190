/// Receives every recorded spike, in the order the kernel emits them
/// (non-decreasing time).
///
/// `population` is the index of the emitting population in the network
/// description; `node` is the node's index within that population (SONATA
/// node ids are per population). Implementations: in-memory collectors for
/// tests, the streaming HDF5 writer in `IO`.
public protocol SpikeSink: AnyObject {
    func record(time: Double, population: Int, node: UInt64)
}

/// Keeps every spike in memory, one list per population.
public final class SpikeCollector: SpikeSink {
    public private(set) var times: [[Double]]
    public private(set) var nodes: [[UInt64]]

    public init(populationCount: Int) {
        times = Array(repeating: [], count: populationCount)
        nodes = Array(repeating: [], count: populationCount)
    }

    public func record(time: Double, population: Int, node: UInt64) {
        times[population].append(time)
        nodes[population].append(node)
    }
}
