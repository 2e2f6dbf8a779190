import Foundation
import Testing
import TestSupport

/// SIGTERM reaches a run in parts through the window observer: every part
/// stops after the same window, the trace is closed as interrupted at the
/// time reached, and the exit status is 143 with one line.
@Test func aRunInPartsStopsOnASignal() throws {
    let directory = try temporaryDirectory().path
    let trace = directory + "/t.h5"
    let run = try terminateOnceWriting(["run", repository.appendingPathComponent("examples/bench4.toml").path, "--duration", "1000 s",
                                        "--threads", "2", "--out", trace], trace: trace, settle: 0.5, grace: 10)
    #expect(run.wasRunning, "the run ended on its own")
    #expect(run.stoppedInTime, "still running 10 s after SIGTERM")
    #expect(run.reason == .exit && run.status == 143, "status \(run.status): \(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("interrupted by SIGTERM"), "\(run.stderr)")
    let inspect = try spinsim(["inspect", trace])
    #expect(inspect.status == 0 && inspect.stdout.contains("interrupted by SIGTERM"), "\(inspect.stdout)\(inspect.stderr)")
}

@Test func threadsMustBeAPositiveCount() throws {
    for value in ["0", "-3", "two"] {
        let result = try spinsim(["run", repository.appendingPathComponent("examples/pif_chain.toml").path, "--threads", value])
        #expect(result.status != 0 && result.stderr.contains("--threads"), "\(value): \(result.stderr)")
    }
}
