#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation

/// What a state report will cost, checked before a run starts: a sample
/// interval the clock cannot resolve would never let simulated time pass the
/// next sample, and one far too small asks for more samples than any disk
/// holds ("1e-300 ms" over 2 ms is 2e300 samples). Either is refused with
/// the interval's source named, instead of a run that never ends.
struct SamplingBudget {
    /// ms
    var interval: Double
    /// The simulated span sampled, ms.
    var start: Double, end: Double
    /// Nodes sampled at each sample (all reports together).
    var nodes: Int

    /// Samples per report over the span.
    var samples: Double { ((end - start) / interval).rounded(.down) + 1 }

    /// Bytes the reports will hold (float32 per node and sample).
    var bytes: Double { samples * Double(nodes) * 4 }

    /// Throws when the clock cannot step by `interval` at the end time, or
    /// the reports would not fit in the space free where `tracePath` lies.
    /// `source` names where the interval came from (`--sample-interval`, or
    /// a file's `record.sample_interval`).
    func check(tracePath: String, source: String) throws(InputError) {
        guard nodes > 0 else { return }
        guard end + interval > end else {
            throw InputError("\(source): \(interval) ms is below the clock's resolution at the run's end (\(end) ms)")
        }
        let directory = URL(fileURLWithPath: tracePath).deletingLastPathComponent().path
        var status = statvfs()
        guard statvfs(directory, &status) == 0 else { return }  // the trace's own open reports a missing directory
        let free = Double(status.f_bavail) * Double(status.f_frsize)
        guard bytes <= free else {
            throw InputError(String(
                format: "%@: sampling %d nodes every %g ms from %g to %g ms writes about %.3g GB, more than the %.3g GB free in %@",
                source, nodes, interval, start, end, bytes / 1e9, free / 1e9, directory))
        }
    }
}
