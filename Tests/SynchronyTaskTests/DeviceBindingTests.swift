import Oscillators
import SynchronyTask
import Testing

private let cheddar = CheeseBenchmark.detector(for: "cheddar", model: .device)!
// w01 /aw/ (Cheddar) and w01 /er/, /iy/, /uw/ of the benchmark.
private let aw = InputSpikeTimes(t2: 400.0, t3: 294.4785)
private let others = [InputSpikeTimes(t2: 279.7203, t3: 387.7221), InputSpikeTimes(t2: 171.062, t3: 544.2177),
                      InputSpikeTimes(t2: 616.9666, t3: 515.0215)]

@Test func theTriadOfDevicesLocksForCheddarAndTheSpectrumShowsOneLineOfNearlyNineTimesTheirPower() throws {
    let detector = try SynchronyDetector(parameters: cheddar)
    let yes = detector.classify(aw).decision
    #expect(yes.synchronized && yes.score > 8, "score \(yes.score)")
    // Locked while the lines ramp through the window: the pairs' phase differences still wander a little.
    #expect(yes.pairLocking.allSatisfy { $0 > 0.6 }, "pair locking \(yes.pairLocking)")
    for sample in others {
        let no = detector.classify(sample).decision
        #expect(!no.synchronized && no.score < 5, "score \(no.score) for \(sample)")
    }
}

@Test func withCouplingOffTheLinesCrossWithoutLocking() throws {
    var uncoupled = cheddar
    uncoupled.coupling = 0
    let decision = try SynchronyDetector(parameters: uncoupled).classify(aw).decision
    #expect(!decision.synchronized && decision.score < 4, "score \(decision.score)")
}

@Test func noisyDevicesAreSeededAndReproducible() throws {
    var noisy = cheddar
    noisy.linewidth = 0.2
    let detector = try SynchronyDetector(parameters: noisy)
    let first = detector.classify(aw, sampleIndex: 3).decision, again = detector.classify(aw, sampleIndex: 3).decision
    let other = detector.classify(aw, sampleIndex: 4).decision
    #expect(first == again)
    #expect(first.score != other.score)
    #expect(first.synchronized, "score \(first.score) at 0.2 MHz linewidth")
}

@Test func startFrequenciesOutsideTheDeviceRangeAreRejectedNamingTheField() {
    var p = cheddar
    p.startFrequencies[1] = 310 // below the frequency at threshold (316 MHz)
    #expect(throws: (any Error).self) { try SynchronyDetector(parameters: p) }
    do { _ = try SynchronyDetector(parameters: p) } catch {
        #expect("\(error)".contains("startFrequencies[1]"), "\(error)")
    }
}
