import Foundation

/// The one progress line of every long-running command: how far along, the
/// rate, the ETA and a command-specific detail, redrawn in place on stderr at
/// most twice per wall-clock second. Callers report from a periodic task (in
/// simulated time) or between minibatches, never per event.
public final class ProgressReporter {
    private let total: Double
    private let unit: String
    private let enabled: Bool
    private let wallStart = Date()
    /// Work done before this process started (a resumed run), not counted in the rate.
    private let alreadyDone: Double
    private var lastPrint = Date.distantPast
    private var printed = false

    /// - Parameters:
    ///   - total: the amount of work when done (simulated ms, examples).
    ///   - alreadyDone: work done before this process started (a resumed run).
    ///   - unit: how the work is counted, for the line ("ms", "examples").
    public init(total: Double, alreadyDone: Double = 0, unit: String, enabled: Bool) {
        self.total = total
        self.alreadyDone = alreadyDone
        self.unit = unit
        self.enabled = enabled
    }

    /// Redraws the line if half a second has passed since the last one.
    /// `detail` is only evaluated when the line is drawn.
    public func report(done: Double, detail: () -> String = { "" }) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastPrint) >= 0.5 else { return }
        lastPrint = now
        printed = true
        let elapsed = now.timeIntervalSince(wallStart)
        let rate = (done - alreadyDone) / max(elapsed, 1e-9)
        let eta = rate > 0 ? (total - done) / rate : .infinity
        let fraction = total > 0 ? done / total : 1
        let line = String(
            format: "\r%.0f / %.0f %@ (%.0f %%)  %@ %@/s  ETA %@  %@   ",
            done, total, unit, 100 * fraction, Self.rate(rate), unit,
            eta.isFinite ? String(format: "%.0f s", eta) : "?", detail())
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Ends the progress line, if one was drawn.
    public func finish() {
        if printed { FileHandle.standardError.write(Data("\n".utf8)) }
        printed = false
    }

    private static func rate(_ value: Double) -> String {
        value >= 1e4 ? String(format: "%.3g", value) : String(format: "%.1f", value)
    }
}

/// A progress line fed from several worker threads: each reports work it
/// finished; the total and the line are updated under a lock.
public final class SharedProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let reporter: ProgressReporter
    private var done = 0.0

    public init(total: Double, unit: String, enabled: Bool) {
        reporter = ProgressReporter(total: total, unit: unit, enabled: enabled)
    }

    public func add(_ amount: Double) {
        lock.lock()
        defer { lock.unlock() }
        done += amount
        reporter.report(done: done)
    }

    public func finish() {
        lock.lock()
        defer { lock.unlock() }
        reporter.finish()
    }
}
