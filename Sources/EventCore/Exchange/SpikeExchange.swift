import Foundation
import Synchronization

/// A spike between partitions of a network: when, and which cell (global id).
public struct Spike: Sendable, Hashable, Codable {
    /// Emission time, in the model's time unit.
    public var time: Double
    /// Global 64-bit id of the emitting cell.
    public var gid: UInt64

    public init(time: Double, gid: UInt64) {
        self.time = time
        self.gid = gid
    }

    /// The order every part delivers spikes in: time, then source id. It
    /// depends on nothing a partition changes.
    @inlinable
    public func precedes(_ other: Spike) -> Bool {
        time < other.time || (time == other.time && gid < other.gid)
    }
}

/// What every part learns at the end of a window: all parts' spikes of the
/// window, and whether the run goes on (one collective decision, so that
/// every part stops after the same window).
public struct ExchangedWindow: Sendable {
    /// The spikes of all parts, in (time, gid) order.
    public var spikes: [Spike]
    public var proceed: Bool

    public init(spikes: [Spike], proceed: Bool) {
        self.spikes = spikes
        self.proceed = proceed
    }
}

/// How the parts of a partitioned network share their spikes (NEST's one
/// `send()` seam, Arbor's spike exchange): each part simulates a window of
/// simulated time no longer than the smallest connection delay, then hands
/// the spikes its cells emitted in that window to `exchange` and gets every
/// part's spikes of the window back. No spike can arrive within the window
/// it was emitted in, so nothing is late. An MPI implementation is an
/// `MPI_Allgatherv` of the same arrays (and an `MPI_Allreduce` of `proceed`).
public protocol SpikeExchange: Sendable {
    /// Number of parts taking part.
    var partCount: Int { get }
    /// A collective call: every part calls it once per window, with the
    /// window's end (ms, the same in every part).
    func exchange(_ outgoing: [Spike], fromPart part: Int, windowEnd: Double) -> ExchangedWindow
}

/// Parts running in threads of one process: `exchange` waits until every
/// part has contributed its window, like a barrier. The last part to arrive
/// merges the window and shows it to `observer` while the others wait, so
/// the observer sees every window once, in order, with all parts paused
/// (it may read what their own periodic tasks left for it); its verdict
/// stops or continues every part.
///
/// The parts wait by spinning on an atomic generation count, yielding the
/// processor after a while: a window of a 40,000-cell network holds about
/// 25 µs of work per part, and a condition variable's sleep and wake-up
/// took about as long (2 threads were 1.5 times slower than one, measured
/// with `run --threads`); a spinning part sees the window end within
/// nanoseconds. Yielding keeps more parts than cores from starving the
/// part they wait for.
public final class InProcessExchange: SpikeExchange, @unchecked Sendable {
    public typealias Observer = (_ spikes: [Spike], _ windowEnd: Double) -> Bool
    public let partCount: Int
    private let observer: Observer?
    /// Each part writes only its own slot, before it counts itself in.
    private let deposits: UnsafeMutableBufferPointer<[Spike]>
    /// Parts arrived in the current window.
    private let arrived = Atomic<Int>(0)
    /// Windows completed; a part waits for it to move on.
    private let generation = Atomic<UInt64>(0)
    /// The last window's result: written by its last part before `generation`
    /// moves on, read by the others after; the next window's last part cannot
    /// overwrite it before every part has arrived again, so after each read it.
    nonisolated(unsafe) private var merged = ExchangedWindow(spikes: [], proceed: true)

    public init(partCount: Int, observer: Observer? = nil) {
        precondition(partCount > 0, "at least one part")
        self.partCount = partCount
        self.observer = observer
        deposits = .allocate(capacity: partCount)
        deposits.initialize(repeating: [])
    }

    deinit {
        deposits.deinitialize()
        deposits.deallocate()
    }

    public func exchange(_ outgoing: [Spike], fromPart part: Int, windowEnd: Double) -> ExchangedWindow {
        let window = generation.load(ordering: .acquiring)
        deposits[part] = outgoing
        if arrived.add(1, ordering: .acquiringAndReleasing).newValue == partCount {
            let spikes = deposits.flatMap { $0 }.sorted { $0.precedes($1) }
            merged = ExchangedWindow(spikes: spikes, proceed: observer?(spikes, windowEnd) ?? true)
            arrived.store(0, ordering: .relaxed)
            generation.store(window &+ 1, ordering: .releasing)
            return merged
        }
        var spins = 0
        while generation.load(ordering: .acquiring) == window {
            spins += 1
            if spins > 50_000 { sched_yield() }
        }
        return merged
    }
}
