/// Anything the kernel can drive: a system that knows the time of its next
/// event and can process it.
///
/// The kernel knows nothing else about the system. A system keeps its own
/// queues (heaps, delay lines) so that it can choose the structure that fits
/// its events; it must process events in a documented, deterministic order.
public protocol EventDrivenSystem {
    /// Time of the earliest pending event, or +infinity when nothing is pending.
    /// The kernel calls this once before each `processNextEvent()`.
    mutating func nextEventTime() -> Double
    /// The earliest pending event if it comes at or before `horizon`;
    /// otherwise any time after `horizon` before which none comes. The kernel
    /// asks with the end of its run or its next task, so that a system whose
    /// events cost work to find (an integrator's steps) does that work only
    /// as far as the run goes.
    mutating func nextEventTime(before horizon: Double) -> Double
    /// Processes the event whose time `nextEventTime()` or `nextEventTime(before:)` just returned.
    mutating func processNextEvent()
}

extension EventDrivenSystem {
    /// Systems that know their next event at every change.
    public mutating func nextEventTime(before horizon: Double) -> Double { nextEventTime() }
}
