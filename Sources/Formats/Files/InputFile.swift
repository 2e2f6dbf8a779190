#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation

/// The one way SpinSim opens a file the user names as an input. Only a
/// regular file (or a link to one) is read: a FIFO would block forever, a
/// device such as /dev/zero never ends, and a directory or socket is no file
/// at all. The test is made on the opened descriptor (`fstat`), so the file
/// checked is the file read, and the open itself is non-blocking, so naming
/// a FIFO with no writer cannot hang. Whole-file reads stop at a stated
/// limit, so an input's size never decides an allocation unchecked.
public enum InputFile {
    /// Opens `path` read-only and returns its descriptor (blocking again,
    /// close-on-exec); the caller closes it.
    public static func open(_ path: String) throws(InputError) -> Int32 {
        guard !path.isEmpty else { throw InputError(input: "\"\"", "an empty input path") }
        let descriptor = openForReading(path)
        guard descriptor >= 0 else {
            let code = errno
            throw InputError(input: path, code == ENOENT ? "no such file" : "cannot open for reading (\(String(cString: strerror(code))))")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw InputError(input: path, "cannot read the file's status")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw InputError(input: path, "is \(kind(status.st_mode)), not a regular file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        return descriptor
    }

    /// Throws unless `path` is a regular file this process can open: for
    /// libraries that open files by name themselves (libhdf5, libsndfile).
    public static func check(_ path: String) throws(InputError) {
        close(try open(path))
    }

    /// The whole contents of `path`, which may hold at most `limit` bytes
    /// (`what` names the kind of file in the error, e.g. "a cheese CSV").
    public static func read(_ path: String, limit: Int, what: String) throws(InputError) -> Data {
        let descriptor = try open(path)
        defer { close(descriptor) }
        var status = stat()
        _ = fstat(descriptor, &status)
        let tooLarge = InputError(input: path, "larger than \(describe(bytes: limit)), the limit for \(what)")
        guard Int(status.st_size) <= limit else { throw tooLarge }
        // The size can change while the file is read: the limit is enforced on
        // the bytes actually read, one byte beyond it telling "too large".
        var data = Data(count: Int(status.st_size) + 1)
        var filled = 0
        while true {
            if filled == data.count {
                guard data.count <= limit else { throw tooLarge }
                data.count = min(limit + 1, max(data.count * 2, 1 << 16))
            }
            let got = data.withUnsafeMutableBytes { readBytes(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if got < 0 {
                if errno == EINTR { continue }
                throw InputError(input: path, "cannot read the file (\(String(cString: strerror(errno))))")
            }
            if got == 0 { break }
            filled += got
        }
        guard filled <= limit else { throw tooLarge }
        data.count = filled
        return data
    }

    /// `read` as UTF-8 text (a byte-order mark is kept for the parser to drop).
    public static func readText(_ path: String, limit: Int, what: String) throws(InputError) -> String {
        guard let text = String(data: try read(path, limit: limit, what: what), encoding: .utf8) else {
            throw InputError(input: path, "not UTF-8 text")
        }
        return text
    }

    /// "64 MiB", "1 GiB", "1000 bytes".
    public static func describe(bytes: Int) -> String {
        for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] where bytes >= 1 << shift && bytes % (1 << shift) == 0 {
            return "\(bytes >> shift) \(unit)"
        }
        return "\(bytes) bytes"
    }

    private static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "a special file"
        }
    }
}

// At file scope the C functions are not shadowed by `InputFile.open` and `InputFile.read`.
private func openForReading(_ path: String) -> Int32 { open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC) }
private func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
