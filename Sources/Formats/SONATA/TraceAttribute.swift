/// The provenance attributes on the root group of a SpinSim trace: the one
/// list that writers and `TraceSummary` share, so the schema is in one place.
public enum TraceAttribute: String, Sendable, CaseIterable {
    /// SpinSim's version; its presence marks a file as a SpinSim trace.
    case spinsimVersion = "spinsim_version"
    case commandLine = "command_line"
    case seed
    /// The text of the network file the run was started from.
    case networkFile = "network_file"
    case timeUnit = "time_unit"
    case timeResolution = "time_resolution"
    /// Simulated time at which the trace starts.
    case startTime = "start_time"
    /// Simulated time the run was asked to reach.
    case endTime = "end_time"
    /// Simulated time the run actually reached (set when the run stops, for
    /// whatever reason; absent while it runs or after a kill).
    case reachedTime = "reached_time"
    case wallClockStart = "wall_clock_start"
    case wallClockEnd = "wall_clock_end"
    /// Whether the run reached its end time (false until then, and after an interruption).
    case completed
    /// Why a run stopped early.
    case stopReason = "stop_reason"
    /// Which run writes the trace (`NetworkRun`: a hash of the network text,
    /// seed, start time and the trace's absolute path); a checkpoint keeps it
    /// and resume appends only to a trace that carries it.
    case runID = "run_id"
    /// Command lines of the runs that continued this trace from a checkpoint.
    case resumedBy = "resumed_by"
}
