import Foundation
import Diagnostics

/// Replaces a file so that a reader (or a later run) sees either the old
/// contents or the new, never a mix: the data go to `<path>.partial`, are
/// synced to disk, and the temporary file is renamed over `path`. A process
/// killed at any moment leaves the previous file intact.
public enum AtomicFile {
    /// Writes `data` to `path`; a failure is one line without the path (the
    /// caller's error names the file).
    public static func write(_ data: Data, to path: String) throws(InputError) {
        let temporary = path + ".partial"
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw InputError(message: "cannot create \(temporary)")
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            defer { try? handle.close() }
            try handle.write(contentsOf: data)
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(message: "cannot write \(temporary) (\(error.localizedDescription))")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporary)
            throw InputError(message: "cannot replace the file (\(reason))")
        }
    }
}

