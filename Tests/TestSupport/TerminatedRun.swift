import Foundation
import Testing

/// What a run stopped by SIGTERM did.
public struct TerminatedRun: Sendable {
    /// Whether it was still running when the signal was sent (else it ended on its own).
    public var wasRunning: Bool
    /// Whether it exited by itself within the grace period (else it was killed).
    public var stoppedInTime: Bool
    public var reason: Process.TerminationReason
    public var status: Int32
    public var stderr: String
}

/// Starts `spinsim arguments`, waits until `trace` exists (at most 30 s),
/// lets it run `settle` seconds more, sends SIGTERM and waits up to
/// `grace` seconds for it to exit before killing it.
public func terminateOnceWriting(_ arguments: [String], trace: String, settle: Double, grace: Double) throws -> TerminatedRun {
    let errorPath = try temporaryDirectory().appendingPathComponent("stderr.txt").path
    #expect(FileManager.default.createFile(atPath: errorPath, contents: nil))
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
    try process.run()
    let started = Date().addingTimeInterval(30)
    while !FileManager.default.fileExists(atPath: trace) && process.isRunning && Date() < started { usleep(2_000) }
    usleep(useconds_t(settle * 1e6))
    let wasRunning = process.isRunning
    process.terminate()
    let deadline = Date().addingTimeInterval(grace)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    let stoppedInTime = !process.isRunning
    if !stoppedInTime { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    return TerminatedRun(wasRunning: wasRunning, stoppedInTime: stoppedInTime, reason: process.terminationReason,
                         status: process.terminationStatus, stderr: try String(contentsOfFile: errorPath, encoding: .utf8))
}
