#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation

/// The one way SpinSim writes a whole output file (checkpoints, models,
/// classification traces, predictions): the contents go to a temporary file
/// next to the target, which is synced to disk and then renamed over the
/// target, and the directory is synced. A reader, or a process killed at any
/// moment, sees the previous file or the complete new one, never a mix or a
/// truncated file under the final name.
///
/// Streamed traces are the exception: they grow during a run, are flushed
/// periodically and carry a `completed` attribute instead.
public struct AtomicOutput: Sendable {
    /// Where the file ends up.
    public let path: String
    /// Where it is written until `commit()`.
    public let temporaryPath: String

    /// Prepares to write `path` (checked with `OutputPolicy`); write the
    /// contents to `temporaryPath`, then call `commit()` or `abandon()`.
    public init(path: String, replacing: Bool) throws(InputError) {
        try OutputPolicy.check(path, replacing: replacing)
        self.path = path
        temporaryPath = path + ".partial"
        try OutputPolicy.check(temporaryPath, replacing: true)
    }

    /// Syncs the temporary file, renames it over `path` and syncs the directory.
    public func commit() throws(InputError) {
        let descriptor = open(temporaryPath, O_RDONLY)
        guard descriptor >= 0 else { throw failure("cannot reopen \(temporaryPath) to sync it") }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard synced else { throw failure("cannot sync \(temporaryPath) to disk") }
        guard rename(temporaryPath, path) == 0 else { throw failure("cannot replace the file") }
        let directory = open((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
    }

    /// Removes the temporary file after a failure; the target is untouched.
    public func abandon() {
        unlink(temporaryPath)
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String, replacing: Bool = true) throws(InputError) {
        let output = try AtomicOutput(path: path, replacing: replacing)
        guard FileManager.default.createFile(atPath: output.temporaryPath, contents: data) else {
            output.abandon()
            throw InputError(input: path, "cannot write \(output.temporaryPath)")
        }
        try output.commit()
    }

    /// Runs `body` to fill `temporaryPath`, then commits; on any error the
    /// temporary file is removed and the error passed on.
    public func write(_ body: (String) throws -> Void) throws {
        do {
            try body(temporaryPath)
        } catch {
            abandon()
            throw error
        }
        try commit()
    }

    private func failure(_ message: String) -> InputError {
        let reason = String(cString: strerror(errno))
        abandon()
        return InputError(input: path, "\(message) (\(reason))")
    }
}
