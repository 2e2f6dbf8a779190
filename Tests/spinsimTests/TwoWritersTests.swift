import Foundation
import Testing
import TestSupport

/// Two runs given the same --out --force: the second fails with one line
/// before touching the file, and the first one's trace completes intact.
@Test func aSecondWriterOfTheSameTraceIsRefusedAndTheFirstCompletes() throws {
    let directory = try temporaryDirectory().path
    let trace = directory + "/t.h5"
    let first = Process()
    first.executableURL = binary
    first.currentDirectoryURL = repository
    first.arguments = ["run", "examples/bench4.toml", "--duration", "3000", "--out", trace]
    first.standardOutput = FileHandle.nullDevice
    first.standardError = FileHandle.nullDevice
    try first.run()
    let deadline = Date().addingTimeInterval(30)
    while !FileManager.default.fileExists(atPath: trace) && first.isRunning && Date() < deadline { usleep(2_000) }
    usleep(100_000)
    #expect(first.isRunning, "the first run ended before the second started")
    let second = try spinsim(["run", "examples/bench4.toml", "--duration", "100", "--out", trace, "--force"])
    #expect(second.status == 1 && second.stderr == "Error: \(trace): is being written by another process; refusing to replace it\n",
            "\(second.stderr)")
    first.waitUntilExit()
    #expect(first.terminationStatus == 0)
    let inspect = try spinsim(["inspect", trace])
    #expect(inspect.status == 0 && inspect.stdout.contains("completed  yes") && inspect.stdout.contains("simulated  0.0 to 3000.0 ms"),
            "\(inspect.stdout)")
}
