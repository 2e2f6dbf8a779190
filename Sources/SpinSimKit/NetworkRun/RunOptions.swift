/// What a network run writes and shows, as chosen on the command line (or by
/// a test): the trace, state sampling, durability and progress.
public struct RunOptions: Sendable {
    /// HDF5 trace to write (SONATA spikes and reports); nil for none.
    public var out: String?
    /// Replace `out` if it exists.
    public var force = false
    /// State variables to sample, in addition to the network file's.
    public var records: [StateRecording] = []
    /// ms; nil: the network file's, else 0.1 ms.
    public var sampleInterval: Double?
    /// Simulated ms between flushes of the trace.
    public var flushInterval = 1000.0
    /// Wall-clock seconds between flushes of the trace, at most.
    public var flushSeconds = 10.0
    /// Checkpoint file, written atomically at the end, on a signal and every `checkpointEvery` ms.
    public var checkpoint: String?
    public var checkpointEvery: Double?
    /// Parts of the network run on this many threads (fresh runs only; the
    /// spikes and files are those of one thread, bit for bit).
    public var threads = 1
    /// Draw the progress line on stderr.
    public var showsProgress = false

    public init() {}
}
