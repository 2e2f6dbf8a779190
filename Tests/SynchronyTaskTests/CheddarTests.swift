import Foundation
import Oscillators
import SynchronyTask
import Testing
import Diagnostics

// Benchmark rows (t2, t3): two Cheddar samples and one each of the others.
private let cheddarW01 = CheeseSample(t2: 400.0, t3: 294.4785)
private let cheddarW13 = CheeseSample(t2: 420.3152, t3: 344.3329)
private let brieW04 = CheeseSample(t2: 279.7203, t3: 387.7221)
private let stiltonW01 = CheeseSample(t2: 449.4382, t3: 477.1372)

@Test func defaultDetectorBindsCheddarThroughCoupling() throws {
    let detector = try CheeseDetector(parameters: .cheddar)
    let decisions = detector.classify([cheddarW01, cheddarW13, brieW04, stiltonW01], threads: 2)
    #expect(decisions.map(\.synchronized) == [true, true, false, false], "\(decisions.map(\.score))")
    // A locked triad approaches 9 single-oscillator units; a pair that locks while crossing gives about 4.
    #expect(decisions[0].score > 8 && decisions[2].score < 5)
    // The triad meets where the lines of the design note meet (t ~ 880 units for w01).
    #expect(abs(decisions[0].timeOfMaximum - 880) < 120)
    #expect(decisions[0].pairLocking.allSatisfy { $0 > 0.9 })

    // Switching coupling off leaves the same lines but no binding.
    var uncoupled = CheeseDetectorParameters.cheddar
    uncoupled.coupling = 0
    let free = try CheeseDetector(parameters: uncoupled).classify(cheddarW01)
    #expect(!free.synchronized && free.score < 4, "uncoupled score \(free.score)")
    #expect(free.pulses == 0)
}

@Test func classificationIsDeterministicAcrossThreadsAndSeedsNoise() throws {
    var noisy = CheeseDetectorParameters.cheddar
    noisy.linewidth = 0.3
    noisy.duration = 400
    let detector = try CheeseDetector(parameters: noisy)
    let samples = [cheddarW01, brieW04, stiltonW01]
    let one = detector.classify(samples, threads: 1)
    #expect(detector.classify(samples, threads: 3) == one)
    // Sample k uses seed + k: the same sample at another index sees other noise.
    #expect(detector.classify(cheddarW01, sampleIndex: 5) != one[0])
    #expect(detector.classify(cheddarW01, sampleIndex: 0) == one[0])
}

@Test func rampsRealiseTheDesignedFrequencyLines() throws {
    let detector = try CheeseDetector(parameters: .cheddar)
    let network = detector.network(for: cheddarW01)
    let unit = 0.1  // microseconds per task unit
    // Line i: start_i until t_i, then start_i + rate_i (t - t_i).
    #expect(abs(network.frequency(0, at: 0) - 323) < 1e-9)
    #expect(abs(network.minimumFrequency(1, until: 1000 * unit) - (339 - 0.00293 * (1000 - 400))) < 1e-9)
    let trace = detector.trace(cheddarW01, sampleInterval: 100)
    // Samples every 100 units: frequencies follow the lines exactly.
    for (k, time) in trace.sampleTimes.enumerated() {
        let expected = [323 + 0.0165 * time, time <= 400 ? 339 : 339 - 0.00293 * (time - 400),
                        time <= 294.4785 ? 344 : 344 - 0.011 * (time - 294.4785)]
        for i in 0..<3 { #expect(abs(trace.frequencies[3 * k + i] - expected[i]) < 1e-9) }
    }
    #expect(trace.decision == detector.classify(cheddarW01))
    #expect(UInt64(trace.spikeTimes.count) == trace.decision!.spikes)
}

@Test func closestApproachOfTheLinesIsExact() {
    // The design note: the three Cheddar lines meet within 0.28 MHz for w01.
    let approach = CheeseDetectorTrainer.closestApproach(.cheddar, cheddarW01)
    #expect(approach.spread < 0.28)
    // Brute force on a fine grid never beats the exact minimum.
    var p = CheeseDetectorParameters.cheddar
    p.duration = 1200
    var grid = Double.infinity
    for k in 0...120_000 {
        let t = Double(k) / 100
        let f = [323 + 0.0165 * t, t <= 400 ? 339 : 339 - 0.00293 * (t - 400), t <= 294.4785 ? 344 : 344 - 0.011 * (t - 294.4785)]
        grid = min(grid, f.max()! - f.min()!)
    }
    #expect(approach.spread <= grid + 1e-12 && grid - approach.spread < 1e-3)
}

@Test func invalidParametersNameTheField() {
    var p = CheeseDetectorParameters.cheddar
    p.rampRates = [0.0165, -0.5, -0.011]
    #expect(throws: InputError.self) { try CheeseDetector(parameters: p) }
    do { _ = try CheeseDetector(parameters: p) } catch { #expect(error.field == "rampRates[1]") }
    p = .cheddar
    p.coupling = .nan
    do { _ = try CheeseDetector(parameters: p) } catch { #expect(error.field == "coupling") }
    #expect(CheeseDetector.check(CheeseSample(t2: .nan, t3: 1)) != nil)
}

@Test func trainerLearnsADetectorBySimulatingIt() {
    var trainer = CheeseDetectorTrainer()
    trainer.randomCandidates = 2_000
    trainer.refinementSteps = 300
    trainer.simulatedCandidates = 1
    trainer.couplings = [2]
    trainer.threads = 2
    let samples = [cheddarW01, brieW04, cheddarW13, stiltonW01]
    let labels = [false, true, false, false]
    guard let result = trainer.train(target: "brie", samples: samples, labels: labels) else {
        Issue.record("no detector")
        return
    }
    #expect(result.parameters.target == "brie" && result.parameters.coupling == 2)
    #expect(result.correct == 4 && result.simulations == 1 && result.events > 0)
    #expect(result.lowestPositiveScore > result.parameters.threshold)
    #expect(result.highestNegativeScore < result.parameters.threshold)
    // The saved detector makes the same decisions when run again.
    let decisions = try? CheeseDetector(parameters: result.parameters).classify(samples)
    #expect(decisions?.map(\.synchronized) == labels)
}
