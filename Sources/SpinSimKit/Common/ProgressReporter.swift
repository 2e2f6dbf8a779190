import EventCore
import Foundation

/// Prints simulated time, event rate and ETA on one refreshing stderr line,
/// at most twice per wall-clock second. It is called from a periodic task in
/// simulated time, so it costs nothing per event.
final class ProgressReporter {
    private let startTime: Double
    private let endTime: Double
    private let wallStart = Date()
    private var startEvents: UInt64?
    private var lastPrint = Date.distantPast
    private var printed = false

    init(from startTime: Double, to endTime: Double) {
        self.startTime = startTime
        self.endTime = endTime
    }

    func report(time: Double, eventsProcessed: UInt64) {
        let now = Date()
        let firstEvents = startEvents ?? eventsProcessed
        startEvents = firstEvents
        guard now.timeIntervalSince(lastPrint) >= 0.5 else { return }
        lastPrint = now
        printed = true
        let elapsed = now.timeIntervalSince(wallStart)
        let span = endTime - startTime
        let fraction = span > 0 ? (time - startTime) / span : 1
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : .infinity
        let line = String(
            format: "\r%.0f / %.0f ms (%.0f %%)  %.2f M kernel events/s  ETA %@   ",
            time, endTime, 100 * fraction, Double(eventsProcessed - firstEvents) / max(elapsed, 1e-9) / 1e6,
            eta.isFinite ? String(format: "%.0f s", eta) : "?")
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the progress line, if one was printed.
    func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
