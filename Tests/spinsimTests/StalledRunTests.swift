import Foundation
import Testing
import TestSupport

/// Two cells without a refractory period that excite each other after
/// 10^-9 ms: each spike makes the other fire almost at once, so the run
/// processes events while its simulated time barely moves (the
/// millisecond task would first run after 10^9 events). With no delay at
/// all the network is refused (`zeroDelayCyclesAreRefused`).
private let zeroDelayLoop = """
    duration = "100 ms"
    [[population]]
    name = "a"
    model = "lif"
    size = 2
    tau_m = "20 ms"
    v_rest = "-49 mV"
    v_threshold = "-50 mV"
    v_reset = "-60 mV"
    t_refractory = "0 ms"
    v_init = "-50.5 mV"
    [[projection]]
    source = "a"
    target = "a"
    connectivity = { rule = "all_to_all", allow_autapses = false }
    weight = "20 mV"
    delay = "1e-9 ms"
    """

/// SIGTERM stops such a run within a second or two (signals are polled
/// every 2^16 events as well as every simulated millisecond): exit 143, one
/// line, the trace closed as interrupted and a checkpoint written.
@Test func aRunWhoseTimeStallsStillStopsOnASignal() throws {
    let directory = try temporaryDirectory().path
    let network = directory + "/loop.toml", trace = directory + "/t.h5", checkpoint = directory + "/ck"
    try zeroDelayLoop.write(toFile: network, atomically: true, encoding: .utf8)
    let run = try terminateOnceWriting(["run", network, "--out", trace, "--checkpoint", checkpoint], trace: trace, settle: 0.3, grace: 5)
    #expect(run.wasRunning, "the run ended on its own")
    #expect(run.stoppedInTime, "still running 5 s after SIGTERM")
    #expect(run.reason == .exit && run.status == 143, "status \(run.status): \(run.stderr)")
    #expect(run.stderr.split(separator: "\n").count == 1 && run.stderr.contains("interrupted by SIGTERM"), "\(run.stderr)")
    let inspect = try spinsim(["inspect", trace])
    #expect(inspect.status == 0 && inspect.stdout.contains("interrupted by SIGTERM"), "\(inspect.stdout)\(inspect.stderr)")
    #expect(FileManager.default.fileExists(atPath: checkpoint))
}

/// The same network with no delay is refused when it is built, naming the projection.
@Test func zeroDelayCyclesAreRefused() throws {
    let directory = try temporaryDirectory().path
    let network = directory + "/loop.toml"
    try zeroDelayLoop.replacingOccurrences(of: "1e-9 ms", with: "0 ms").write(toFile: network, atomically: true, encoding: .utf8)
    // With a timeout: unrefused, the network would fire for ever at one instant.
    let outcome = HostileCase.run(["run", network], in: URL(fileURLWithPath: directory), timeout: 30)
    #expect(outcome.status == 1, "\(outcome.stderr)")
    #expect(outcome.stderr.hasPrefix("Error: \(network): projection[0]: a zero-delay cycle of cells without refractory period (a -> a)"),
            "\(outcome.stderr)")
}
