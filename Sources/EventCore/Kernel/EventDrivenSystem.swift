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
    /// Processes the event whose time `nextEventTime()` just returned.
    mutating func processNextEvent()
}
