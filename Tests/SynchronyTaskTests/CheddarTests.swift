import Foundation
import Oscillators
@testable import SynchronyTask
import Testing
import Diagnostics

// Benchmark rows (t2, t3): two Cheddar samples and one each of the others.
private let cheddarW01 = InputSpikeTimes(t2: 400.0, t3: 294.4785)
private let cheddarW13 = InputSpikeTimes(t2: 420.3152, t3: 344.3329)
private let brieW04 = InputSpikeTimes(t2: 279.7203, t3: 387.7221)
private let stiltonW01 = InputSpikeTimes(t2: 449.4382, t3: 477.1372)

@Test func defaultDetectorBindsCheddarThroughCoupling() throws {
    let detector = try SynchronyDetector(parameters: .cheddar)
    let decisions = detector.classify([cheddarW01, cheddarW13, brieW04, stiltonW01], threads: 2).map(\.decision)
    #expect(decisions.map(\.synchronized) == [true, true, false, false], "\(decisions.map(\.score))")
    // A locked triad approaches 9 single-oscillator units; a pair that locks while crossing gives about 4.
    #expect(decisions[0].score > 8 && decisions[2].score < 5)
    // The triad meets where the lines of the design note meet (t ~ 880 units for w01).
    #expect(abs(decisions[0].timeOfMaximum - 880) < 120)
    #expect(decisions[0].pairLocking.allSatisfy { $0 > 0.9 })

    // Switching coupling off leaves the same lines but no binding.
    var uncoupled = SynchronyDetectorParameters.cheddar
    uncoupled.coupling = 0
    let free = try SynchronyDetector(parameters: uncoupled).classify(cheddarW01).decision
    #expect(!free.synchronized && free.score < 4, "uncoupled score \(free.score)")
    #expect(free.pulses == 0)
}

@Test func classificationIsDeterministicAcrossThreadsAndSeedsNoise() throws {
    var noisy = SynchronyDetectorParameters.cheddar
    noisy.linewidth = 0.3
    noisy.duration = 400
    let detector = try SynchronyDetector(parameters: noisy)
    let samples = [cheddarW01, brieW04, stiltonW01]
    let one = detector.classify(samples, threads: 1)
    #expect(detector.classify(samples, threads: 3) == one)
    // Sample k uses seed + k: the same sample at another index sees other noise.
    #expect(detector.classify(cheddarW01, sampleIndex: 5) != one[0])
    #expect(detector.classify(cheddarW01, sampleIndex: 0) == one[0])
    // A batch that starts at index 1 is seeded as samples 1, 2 of the whole list.
    #expect(detector.classify(Array(samples[1...]), firstIndex: 1, threads: 2) == Array(one[1...]))
}

@Test func rampsRealiseTheDesignedFrequencyLines() throws {
    let detector = try SynchronyDetector(parameters: .cheddar)
    let network = detector.network(for: cheddarW01)
    let unit = 0.1  // microseconds per task unit
    // Line i: start_i until t_i, then start_i + rate_i (t - t_i).
    #expect(abs(network.frequency(0, at: 0) - 323) < 1e-9)
    #expect(abs(network.minimumFrequency(1, until: 1000 * unit) - (339 - 0.00293 * (1000 - 400))) < 1e-9)
    let recorded = detector.classify(cheddarW01, recordingEvery: 100)
    let recording = try #require(recorded.recording)
    // Samples every 100 units: frequencies follow the lines exactly.
    #expect(recording.sampleTimes == stride(from: 0.0, to: 1200, by: 100).map { $0 })
    for (k, time) in recording.sampleTimes.enumerated() {
        let expected = [323 + 0.0165 * time, time <= 400 ? 339 : 339 - 0.00293 * (time - 400),
                        time <= 294.4785 ? 344 : 344 - 0.011 * (time - 294.4785)]
        for i in 0..<3 { #expect(abs(recording.frequencies[3 * k + i] - expected[i]) < 1e-9) }
    }
    #expect(recorded.decision == detector.classify(cheddarW01).decision)
    #expect(UInt64(recording.spikeTimes.count) == recorded.decision.spikes)
}

@Test func closestApproachOfTheLinesIsExact() {
    // The design note: the three Cheddar lines meet within 0.28 MHz for w01.
    let approach = SynchronyDetectorTrainer.closestApproach(.cheddar, cheddarW01)
    #expect(approach.spread < 0.28)
    // Brute force on a fine grid never beats the exact minimum.
    var p = SynchronyDetectorParameters.cheddar
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
    /// The field a detector's validation names, nil if it accepts the parameters.
    func field(_ p: SynchronyDetectorParameters) -> String? {
        do { _ = try SynchronyDetector(parameters: p) } catch { return error.field }
        return nil
    }
    var p = SynchronyDetectorParameters.cheddar
    p.rampRates = [0.0165, -0.5, -0.011]
    #expect(throws: InputError.self) { try SynchronyDetector(parameters: p) }
    #expect(field(p) == "rampRates[1]")
    p = .cheddar
    p.coupling = .nan
    #expect(field(p) == "coupling")
    #expect(throws: InputError.self) { try InputSpikeTimes(t2: .nan, t3: 1).validate() }
    #expect(throws: InputError(field: "t3", message: "must be a finite, non-negative time (got -2.0)")) {
        try InputSpikeTimes(t2: 1, t3: -2).validate()
    }
    #expect(throws: Never.self) { try InputSpikeTimes(t2: 0, t3: 1200).validate() }
}

@Test func trainerLearnsADetectorBySimulatingIt() {
    let trainer = quickTrainer(objectives: [.separating])
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
    let decisions = try? SynchronyDetector(parameters: result.parameters).classify(samples)
    #expect(decisions?.map(\.decision.synchronized) == labels)
}

/// Overlapping classes: a negative at a positive's very timing. No detector
/// can be right on both, and the separating objective, which demands every
/// negative stay apart, proposes only lines that never meet (right on the
/// negatives alone); the error-counting objective gives up that one sample.
@Test func trainerStillLearnsWhereClassesOverlap() {
    let brie = [brieW04, InputSpikeTimes(t2: 334.0292, t3: 510.6383), InputSpikeTimes(t2: 323.2323, t3: 485.8300)]
    let samples = brie + [cheddarW01, cheddarW13, stiltonW01, brie[0]]
    let labels = [true, true, true, false, false, false, false]
    var trainer = quickTrainer(objectives: [.separating])
    let separating = trainer.train(target: "brie", samples: samples, labels: labels)
    trainer.objectives = [.fewestErrors]
    let counting = trainer.train(target: "brie", samples: samples, labels: labels)
    #expect(separating?.correct ?? 7 <= 4, "separating: \(separating?.correct ?? -1)/7")
    #expect(counting?.correct == 6, "fewest errors: \(counting?.correct ?? -1)/7")
}

@Test func candidatesRankByAccuracyThenObjectiveOrderThenScoreGap() {
    typealias Ranking = SynchronyDetectorTrainer.CandidateRanking
    // More training samples right beats everything else.
    #expect(Ranking(correct: 5, objectiveRank: 1, scoreGap: -3) > Ranking(correct: 4, objectiveRank: 0, scoreGap: 9))
    // Equally right: the objective listed first wins, whatever the gaps.
    #expect(Ranking(correct: 4, objectiveRank: 0, scoreGap: 1) > Ranking(correct: 4, objectiveRank: 1, scoreGap: 5))
    // Same objective: the wider gap.
    #expect(Ranking(correct: 4, objectiveRank: 1, scoreGap: 2) > Ranking(correct: 4, objectiveRank: 1, scoreGap: 1))
    #expect(!(Ranking(correct: 4, objectiveRank: 1, scoreGap: 2) < Ranking(correct: 4, objectiveRank: 1, scoreGap: 2)))
}

@Test func recordingDuringClassificationChangesNoDecision() throws {
    var noisy = SynchronyDetectorParameters.cheddar
    noisy.linewidth = 0.3
    let detector = try SynchronyDetector(parameters: noisy)
    let samples = [cheddarW01, brieW04, stiltonW01]
    let plain = detector.classify(samples, threads: 2)
    let recorded = detector.classify(samples, threads: 2, recordingEvery: 1)
    #expect(plain.allSatisfy { $0.recording == nil })
    #expect(recorded.map(\.decision) == plain.map(\.decision))
    for outcome in recorded {
        let recording = try #require(outcome.recording)
        // Every spike of the deciding simulation, in time order; one sample per task unit.
        #expect(UInt64(recording.spikeTimes.count) == outcome.decision.spikes)
        #expect(recording.spikeTimes == recording.spikeTimes.sorted())
        #expect(recording.sampleTimes.count == 1200 && recording.phases.count == 3 * 1200)
        // The sampled coherent power is that of windows the decision looked at.
        #expect(recording.coherentPower.max()! <= outcome.decision.score + 1e-12)
    }
}

/// A decision with only a score (what the multi-class rule reads).
private func scored(_ score: Double) -> SynchronyDecision {
    SynchronyDecision(synchronized: false, score: score, timeOfMaximum: .nan, pairLocking: [], spikes: 0, pulses: 0, events: 0)
}

@Test func multiClassDecisionComparesScoresRelativeToEachThreshold() {
    var a = SynchronyDetectorParameters.cheddar, b = a, c = a
    (a.target, a.threshold) = ("a", 6)
    (b.target, b.threshold) = ("b", 4)
    (c.target, c.threshold) = ("c", 8)
    let decision = MultiClassDecision(detectors: [a, b, c])
    #expect(decision.classes == ["a", "b", "c"])
    // 7/6 < 5/4: b wins with the lower raw score.
    #expect(decision.winner([scored(7), scored(5), scored(8)]) == 1)
    #expect(decision.predictedClass([scored(7), scored(5), scored(8)]) == "b")
    // Nobody says yes: the closest to its own threshold wins (3/8 < 2/4 < 4/6).
    #expect(decision.predictedClass([scored(4), scored(2), scored(3)]) == "a")
    // Ties go to the detector listed first.
    #expect(decision.winner([scored(6), scored(4), scored(8)]) == 0)
    #expect(decision.winner([scored(3), scored(4), scored(8)]) == 1)
}

/// A detector whose line reads low loses samples it should win; the gain
/// fitted on training samples is the one closest to 1 that wins them back,
/// and with nothing to win, every gain stays 1.
@Test func readOutGainsAreFittedOnTrainingDecisions() {
    var a = SynchronyDetectorParameters.cheddar, b = a
    (a.target, a.threshold) = ("a", 1)
    (b.target, b.threshold) = ("b", 1)
    let samples = [[scored(1.2), scored(0.5)], [scored(1.0), scored(0.8)], [scored(1.1), scored(0.4)], [scored(0.9), scored(0.75)]]
    let labels = ["a", "b", "a", "b"]
    let plain = MultiClassDecision(detectors: [a, b])
    #expect(samples.map(plain.predictedClass) == ["a", "a", "a", "a"])
    let fitted = MultiClassDecision.calibrated(detectors: [a, b], decisions: samples, labels: labels)
    // 0.8 g > 1.0 and 0.75 g > 0.9 need g > 1.25; 2^(3/8) = 1.297 is the first grid gain above.
    #expect(fitted.gains == [1, pow(2, 3.0 / 8)])
    #expect(samples.map(fitted.predictedClass) == labels)
    let easy = [[scored(1.2), scored(0.5)], [scored(0.3), scored(0.8)]]
    #expect(MultiClassDecision.calibrated(detectors: [a, b], decisions: easy, labels: ["a", "b"]).gains == [1, 1])
}

@Test func benchmarkClassesAreTheShippedDetectorsTargets() throws {
    #expect(CheeseBenchmark.classes == ["cheddar", "brie", "cheshire", "stilton"])
    #expect(CheeseBenchmark.detector(for: "cheddar") == .cheddar)
    #expect(CheeseBenchmark.detector(for: "gouda") == nil)
    for name in CheeseBenchmark.classes {
        let detector = try #require(CheeseBenchmark.detector(for: name))
        #expect(detector.target == name)
        #expect(throws: Never.self) { try SynchronyDetector(parameters: detector) }
    }
}
