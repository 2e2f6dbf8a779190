#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// The one place that decides whether an output may be written at a path:
/// a path that exists is refused unless the user asked to replace it, and
/// only a regular file is ever replaced (never a directory, a device node or
/// a FIFO), and no output may be one of the command's inputs or another of
/// its outputs, however the paths are spelled. Every command asks here
/// before it creates a file.
public enum OutputPolicy {
    /// A path a command reads or writes, with the option that named it ("--out", "network file").
    public struct Role: Sendable {
        public var name: String
        public var path: String
        public init(_ name: String, _ path: String) {
            self.name = name
            self.path = path
        }
    }

    /// Throws when an output names the same file as an input or as another
    /// output: one existing file (same device and inode: "./a", a symbolic or
    /// a hard link to it), or, for paths that do not exist yet, one directory
    /// (resolved) and one file name. The error names the output and the other role.
    public static func checkDistinct(outputs: [Role], inputs: [Role]) throws(InputError) {
        let inputIDs = inputs.map { ($0, identity($0.path), "the input") }
        var outputIDs: [(Role, Identity?, String)] = []
        for output in outputs {
            let id = identity(output.path)
            if let id, let (other, _, kind) = (inputIDs + outputIDs).first(where: { $0.1 == id }) {
                throw InputError(input: output.path, "is also \(kind) \(other.name) (\(other.path)); choose another \(output.name) path")
            }
            outputIDs.append((output, id, "the output"))
        }
    }

    /// Whether two paths name one file, in the sense of `checkDistinct`.
    public static func sameFile(_ a: String, _ b: String) -> Bool {
        guard let first = identity(a) else { return false }
        return first == identity(b)
    }

    private enum Identity: Equatable {
        case file(device: UInt64, inode: UInt64)
        case name(directory: String, file: String)
    }

    /// What names a path's file: the file itself when it exists, else its
    /// resolved directory and name; nil when neither can be told.
    private static func identity(_ path: String) -> Identity? {
        var status = stat()
        if stat(path, &status) == 0 { return .file(device: UInt64(status.st_dev), inode: UInt64(status.st_ino)) }
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { path[..<$0].isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard let resolved = realpath(directory, nil) else { return nil }
        defer { free(resolved) }
        return .name(directory: String(cString: resolved), file: name)
    }

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
