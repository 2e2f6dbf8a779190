#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// The one place that decides whether an output may be written at a path:
/// a path that exists is refused unless the user asked to replace it, and
/// only a regular file is ever replaced (never a directory, a device node or
/// a FIFO). Every command asks here before it creates a file.
public enum OutputPolicy {
    /// Throws unless `path` may be written: it does not exist, or it is a
    /// regular file and `replacing` is true.
    public static func check(_ path: String, replacing: Bool) throws(InputError) {
        guard !path.isEmpty else { throw InputError(input: "\"\"", "an empty output path") }
        var status = stat()
        guard lstat(path, &status) == 0 else { return }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw InputError(input: path, "exists and is not a regular file; refusing to replace it")
        }
        guard replacing else { throw InputError(input: path, "already exists; pass --force to replace it") }
    }
}
