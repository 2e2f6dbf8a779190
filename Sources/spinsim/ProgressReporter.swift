import EventCore
import Foundation

/// Prints simulated time, event rate and ETA on one refreshing stderr line,
/// at most twice per wall-clock second. It is called from a periodic task in
/// simulated time, so it costs nothing per event.
final class ProgressReporter {
    private let duration: Double
    private let start = Date()
    private var lastPrint = Date.distantPast
    private var printed = false

    init(duration: Double) { self.duration = duration }

    func report<System>(_ system: inout System, _ status: Simulation<System>.Status) -> Simulation<System>.TaskVerdict {
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= 0.5 else { return .proceed }
        lastPrint = now
        printed = true
        let elapsed = now.timeIntervalSince(start)
        let fraction = duration > 0 ? status.time / duration : 1
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : .infinity
        let line = String(
            format: "\r%.0f / %.0f ms (%.0f %%)  %.2f M kernel events/s  ETA %@   ",
            status.time, duration, 100 * fraction,
            Double(status.eventsProcessed) / max(elapsed, 1e-9) / 1e6, eta.isFinite ? String(format: "%.0f s", eta) : "?")
        FileHandle.standardError.write(Data(line.utf8))
        return .proceed
    }

    /// Ends the progress line, if one was printed.
    func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
