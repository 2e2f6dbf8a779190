import Foundation
import TestSupport

/// One hostile-input case for the spinsim binary: a command line run in its
/// own directory, the files it must leave as they are, and what it must name
/// if it fails.
///
/// Every case must end in one of two ways (the project's promise for bad
/// input): success (exit 0, with `output`, if given, written), or exit 1
/// with exactly one line on stderr, "Error: ..." naming `named`. Anything
/// else, a trap, a signal, more than `timeout` seconds, a changed input or a
/// device node that is no longer one, is a failure this type describes.
struct HostileCase: Sendable {
    var name: String
    var arguments: [String]
    var directory: URL
    /// Files whose bytes must not change whatever the outcome.
    var inputs: [String] = []
    /// Files the command may write only if it succeeds (unchanged on failure).
    var outputsOnSuccess: [String] = []
    /// Special files (FIFOs, device nodes) that must keep their kind.
    var specialFiles: [String] = []
    /// What a one-line error must mention (usually the input's name), or `orNamed`.
    var named: String
    var orNamed: String? = nil
    /// A file that success must leave behind.
    var output: String?
    /// Success is a failure too (the command must refuse).
    var mustFail = false
    /// Generous: the suite shares the machine with the other tests.
    var timeout: Double = 60

    /// nil when the case behaved; otherwise what went wrong, in one line.
    func failure() -> String? {
        let before = (inputs + outputsOnSuccess).map(Self.digest)
        let kinds = specialFiles.map(Self.kind)
        let outcome = Self.run(arguments, in: directory, timeout: timeout)
        let lines = outcome.stderr.split(separator: "\n").filter { !$0.hasPrefix("spinsim: note:") }
        var problems: [String] = []
        switch outcome.status {
        case nil: problems.append("no exit after \(timeout) s")
        case 0?:
            if mustFail { problems.append("exit 0 where it must refuse") }
            if let output, !FileManager.default.fileExists(atPath: directory.appendingPathComponent(output).path) {
                problems.append("exit 0 without \(output)")
            }
        case 1?:
            if lines.count != 1 || !lines[0].hasPrefix("Error: ") || !(lines[0].contains(named) || orNamed.map { lines[0].contains($0) } == true) {
                problems.append("exit 1 but stderr is not one line naming \(named): \(outcome.stderr.prefix(300))")
            }
        case let status?: problems.append("exit \(status): \(outcome.stderr.prefix(300))")
        }
        let after = (inputs + outputsOnSuccess).map(Self.digest)
        let mustHold = outcome.status == 0 ? inputs.count : before.count
        for index in 0..<mustHold where before[index] != after[index] {
            problems.append("\((inputs + outputsOnSuccess)[index]) changed")
        }
        for (path, kind) in zip(specialFiles, kinds) where Self.kind(path) != kind {
            problems.append("\(path) is no longer a \(kind)")
        }
        return problems.isEmpty ? nil : "\(name): \(problems.joined(separator: "; "))"
    }

    /// A file's bytes hashed (FNV-1a), or a marker for what is there instead.
    static func digest(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "absent" }
        guard info.st_mode & S_IFMT == S_IFREG else { return "kind \(info.st_mode & S_IFMT)" }
        guard let data = FileManager.default.contents(atPath: path) else { return "unreadable" }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in data { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return "\(data.count):\(hash)"
    }

    static func kind(_ path: String) -> String {
        var info = stat()
        guard lstat(path, &info) == 0 else { return "absent file" }
        switch info.st_mode & S_IFMT {
        case S_IFIFO: return "FIFO"
        case S_IFCHR: return "character device"
        case S_IFREG: return "regular file"
        case S_IFDIR: return "directory"
        default: return "special file"
        }
    }

    /// Runs spinsim with output to files (so a chatty case cannot fill a
    /// pipe), killing it after `timeout` seconds (status nil).
    static func run(_ arguments: [String], in directory: URL, timeout: Double) -> (status: Int32?, stderr: String) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        let errPath = directory.appendingPathComponent(".stderr-\(UUID().uuidString)").path
        FileManager.default.createFile(atPath: errPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errPath) }
        guard let err = FileHandle(forWritingAtPath: errPath) else { return (-1, "cannot create \(errPath)") }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        do { try process.run() } catch { return (-1, "cannot start spinsim: \(error)") }
        var status: Int32? = nil
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        } else {
            status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        }
        try? err.close()
        let text = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (status, text)
    }
}

/// Runs cases on `workers` threads and returns every failure, in case order.
func failures(of cases: [HostileCase], workers: Int = 3) -> [String] {
    final class Results: @unchecked Sendable {
        let lock = NSLock()
        var failures: [Int: String] = [:]
        var next = 0
    }
    let results = Results()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index: Int = results.lock.withLock { defer { results.next += 1 }; return results.next }
            guard index < cases.count else { return }
            if let failure = cases[index].failure() { results.lock.withLock { results.failures[index] = failure } }
        }
    }
    return results.failures.sorted { $0.key < $1.key }.map(\.value)
}
