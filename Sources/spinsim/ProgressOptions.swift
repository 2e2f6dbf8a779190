import ArgumentParser
import Foundation

/// `--progress`, `--no-progress` and `--quiet`, shared by every long-running
/// command so they behave the same everywhere.
struct ProgressOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Show progress on stderr (default: only when stderr is a terminal).")
    var progress: Bool?

    @Flag(help: "Show no progress.")
    var quiet = false

    /// Whether to draw the progress line.
    var showsProgress: Bool { !quiet && (progress ?? (isatty(STDERR_FILENO) != 0)) }
}
