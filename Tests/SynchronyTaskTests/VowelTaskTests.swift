import Foundation
import Oscillators
@testable import SynchronyTask
import Testing

// The vowel task's parts on constructed cases: the lock detector inside and
// outside a device's locking range, the learning rule against a
// hand-computed update, the pattern table, learning on synthetic vowels, and
// determinism.

/// One oscillator at 325 MHz (6 mA) with weak sources (small-signal regime), a short read-out.
private func single(amplitudeA: Double = 0.3, amplitudeB: Double = 0) -> VowelNetworkParameters {
    VowelNetworkParameters(initialFrequencies: [325], sourceAmplitudes: [amplitudeA, amplitudeB], couplingStrength: 0,
                           settlingTime: 4, window: 4)
}

@Test func detectorCountsSlipsOfThePhaseDifference() {
    let detector = LockDetector()
    // 4 µs at 325 MHz is 1300 cycles: A at 325 is followed, B at 327 slips 8 cycles.
    #expect(detector.state(phaseAdvance: 1300.2, window: 4, frequencies: [325, 327]) == LockPattern.sourceA)
    #expect(detector.state(phaseAdvance: 1307.9, window: 4, frequencies: [325, 327]) == LockPattern.sourceB)
    #expect(detector.state(phaseAdvance: 1304, window: 4, frequencies: [325, 327]) == LockPattern.free)
    // Within tolerance of both (sources 0.05 MHz apart): the smaller drift wins.
    #expect(detector.state(phaseAdvance: 1300.15, window: 4, frequencies: [325, 325.05]) == LockPattern.sourceB)
}

@Test func oscillatorLocksInsideItsRangeAndSlipsOutside() throws {
    let p = single()
    let current = try VowelNetwork.initialCurrents(p)[0]
    let halfRange = p.device.lockingHalfRange(driveAmplitude: 0.3, atCurrent: current)
    let chip = try VowelNetwork(parameters: p)
    // Source B off (F = 0) and far away: only A can capture the device. D is
    // the small-signal half range; the simulated range at this drive is about
    // half of it and lopsided (the nonlinear shift pulls the device down more
    // readily than up: +0.8 D slips, -0.8 D locks), so "inside" is +-0.4 D.
    for (offset, locked) in [(0.0, true), (0.4, true), (-0.4, true), (1.25, false), (-1.25, false), (3, false)] {
        let response = try chip.respond(currents: [current], sourceFrequencies: (325 + offset * halfRange, 340), noiseKey: "t").response
        #expect(response.pattern.states == [locked ? LockPattern.sourceA : LockPattern.free], "detuning \(offset) D, D = \(halfRange) MHz")
        if locked { #expect(abs(response.windowFrequencies[0] - (325 + offset * halfRange)) < 0.5 / 4) }
    }
    // The same device locks to B when B is the one inside the range.
    let b = try VowelNetwork(parameters: single(amplitudeA: 0, amplitudeB: 0.3))
    #expect(try b.respond(currents: [current], sourceFrequencies: (320, 325 + 0.5 * halfRange), noiseKey: "t").response.pattern.states == [LockPattern.sourceB])
}

@Test func lockPatternsDoNotDependOnTheIntegrationTolerance() throws {
    let p = VowelNetworkParameters()
    let currents = try VowelNetwork.initialCurrents(p)
    let standard = try VowelNetwork(parameters: p), fine = try VowelNetwork(parameters: p, relativeTolerance: 1e-9)
    for (fa, fb) in [(323.4, 335.0), (326.1, 337.3), (328.7, 339.9), (325.5, 333.2)] {
        let a = try standard.respond(currents: currents, sourceFrequencies: (fa, fb), noiseKey: "t").response
        let b = try fine.respond(currents: currents, sourceFrequencies: (fa, fb), noiseKey: "t").response
        #expect(a.pattern == b.pattern)
        for (x, y) in zip(a.windowFrequencies, b.windowFrequencies) { #expect(abs(x - y) < 1e-4) }
    }
}

@Test func ruleMovesTowardsTheTargetSourceAndAwayFromAWrongOne() {
    let network = VowelNetworkParameters(initialFrequencies: [325, 335], sourceAmplitudes: [1.5, 2.3])
    let device = network.device
    let rule = CurrentLearningRule()
    // Device 0 at exactly 6 mA runs at 325 MHz: p0 = 1/7, nu = 2 pi 7 p0 / (2.5 * 0.5) = 5.0265,
    // D = 1.5 sqrt(1 + nu^2) / (2 pi sqrt(p0)) = 3.2371 MHz. Source A at 327 MHz.
    #expect(abs(device.freeRunningFrequency(atCurrent: 6) - 325) < 1e-12)
    #expect(abs(device.lockingHalfRange(driveAmplitude: 1.5, atCurrent: 6) - 3.2371) < 1e-4)
    let sources = (a: 327.0, b: 340.0)
    // Should follow A, runs free: goal 327 - D/2 = 325.3814, half way at eta 0.5: 325.1907 MHz.
    let toward = rule.updated(currents: [6, 8], pattern: LockPattern(states: [0, 0]), target: LockPattern(states: [1, 0]),
                              sourceFrequencies: sources, rate: 0.5, network: network)
    #expect(abs(device.freeRunningFrequency(atCurrent: toward[0]) - 325.1907) < 1e-4)
    #expect(toward[1] == 8, "a device already in its target state keeps its current")
    // Follows A, should not: goal 327 - 1.05 D = 323.6010, half way: 324.3005 MHz.
    let away = rule.updated(currents: [6, 8], pattern: LockPattern(states: [1, 0]), target: LockPattern(states: [0, 0]),
                            sourceFrequencies: sources, rate: 0.5, network: network)
    #expect(abs(device.freeRunningFrequency(atCurrent: away[0]) - 324.3005) < 1e-4)
    // Inside the inner half already (but reported free, e.g. pulled off by coupling): no move.
    let inside = rule.updated(currents: [6, 8], pattern: LockPattern(states: [0, 0]), target: LockPattern(states: [1, 0]),
                              sourceFrequencies: (a: 325.5, b: 340), rate: 0.5, network: network)
    #expect(abs(inside[0] - 6) < 1e-12)
    // A goal beyond the device's range clamps the current to it.
    let clamped = rule.updated(currents: [6, 8], pattern: LockPattern(states: [0, 0]), target: LockPattern(states: [1, 0]),
                               sourceFrequencies: (a: 400, b: 340), rate: 1, network: network)
    #expect(clamped[0] == network.currentRange.upperBound)
}

@Test func tableTakesTheMajorityAndTheNearestSeenPattern() {
    let p = { (s: [UInt8]) in LockPattern(states: s) }
    let patterns = [p([1, 0]), p([1, 0]), p([1, 0]), p([2, 2]), p([2, 2]), p([0, 1])]
    let vowels = [0, 0, 1, 1, 1, 2]
    let table = LockPatternTable(patterns: patterns, vowels: vowels)
    #expect(table.vowel(for: p([1, 0])) == 0)
    #expect(table.vowel(for: p([2, 2])) == 1)
    #expect(table.vowel(for: p([1, 1])) == 0, "one state from [1, 0] and [0, 1]: the more frequent [1, 0] wins")
    #expect(table.vowel(for: p([2, 1])) == 1 || table.vowel(for: p([2, 1])) == 2)
    let targets = LockPatternTable.targets(patterns: patterns, vowels: vowels, vowelCount: 4)
    #expect(targets == [p([1, 0]), p([2, 2]), p([0, 1]), nil])
    // Two vowels on one pattern: the one seen less with it aims at the
    // nearest free pattern (one oscillator changed, lowest code).
    let shared = LockPatternTable.targets(patterns: [p([0, 0]), p([0, 0]), p([0, 0]), p([0, 0]), p([0, 0])],
                                          vowels: [0, 0, 0, 1, 1], vowelCount: 2)
    #expect(shared == [p([0, 0]), p([1, 0])])
    #expect(LockPattern(code: p([2, 0, 1]).code, count: 3) == p([2, 0, 1]))
    #expect(p([2, 0, 1]).code == 2 + 0 * 3 + 1 * 9)
}

/// Four well separated vowels (women's mean F1, F2 of /iy/, /aw/, /er/, /eh/),
/// each token scattered by a fixed pseudo-random 4 % about its mean.
func syntheticVowels(talkers: Int, offset: Int = 0) -> [FormantSample] {
    let means: [(Double, Double)] = [(432, 2808), (811, 1193), (525, 1596), (728, 2098)]
    var samples: [FormantSample] = []
    for t in 0..<talkers {
        for (v, mean) in means.enumerated() {
            let k = Double((t + offset) * 4 + v)
            let u = sin(12.9898 * k + 1) * 43758.5453, w = sin(78.233 * k + 2) * 12345.6789
            let du = 0.04 * (2 * (u - u.rounded(.down)) - 1), dw = 0.04 * (2 * (w - w.rounded(.down)) - 1)
            let talker = String(format: "w%02d", t + offset + 1)
            samples.append(FormantSample(name: talker + "v\(v)", talker: talker, vowel: v, f1: mean.0 * (1 + du), f2: mean.1 * (1 + dw)))
        }
    }
    return samples
}

/// A network started badly (the two oscillators of each sub-band on one
/// frequency, so they answer alike and vowels share patterns), read out quickly.
private let badStart = VowelNetworkParameters(initialFrequencies: [326, 326, 337, 337], sourceAmplitudes: [2.25, 3.45],
                                              settlingTime: 2, window: 2)

@Test func trainingRaisesTheAccuracyFromABadStart() throws {
    let samples = syntheticVowels(talkers: 6)
    let encoding = FormantEncoding(fittedTo: samples.map { ($0.f1, $0.f2) })
    let trainer = try VowelTrainer(vowels: ["iy", "aw", "er", "eh"], encoding: encoding, network: badStart,
                                   settings: VowelTrainingSettings(epochs: 6, patience: 6, rule: CurrentLearningRule(rate: 0.5)))
    let (model, curve, chosen) = try trainer.train(samples, threads: 2)
    let first = curve[0].trainingAccuracy, best = curve[chosen].trainingAccuracy
    #expect(first < 0.8, "the bad start must leave something to learn (\(first))")
    // Measured: 0.58 -> 1.0 by the fourth epoch. With the rule's sign flipped
    // the curve wanders (best 0.83) and ends at chance (0.25).
    #expect(best >= 0.95, "learning curve \(curve.map(\.trainingAccuracy))")
    #expect(curve.last!.trainingAccuracy >= 0.9, "learning curve \(curve.map(\.trainingAccuracy))")
    #expect(model.currents != curve[0].currents)
    // The kept model answers the training tokens as its record says.
    let answers = try model.answers(samples, threads: 2)
    #expect(zip(answers, samples).filter { $0.vowel == $1.vowel }.count == curve[chosen].trainingCorrect)
    // Unseen talkers of the same vowels.
    let unseen = syntheticVowels(talkers: 4, offset: 10)
    let heldOut = try model.answers(unseen, threads: 2)
    #expect(Double(zip(heldOut, unseen).filter { $0.vowel == $1.vowel }.count) / Double(unseen.count) > first)
}

@Test func trainingIsDeterministicForAnyThreadCount() throws {
    let samples = syntheticVowels(talkers: 3)
    let encoding = FormantEncoding(fittedTo: samples.map { ($0.f1, $0.f2) })
    var noisy = badStart
    noisy.linewidth = 0.2
    noisy.frequencySpread = 0.5
    let trainer = try VowelTrainer(vowels: ["iy", "aw", "er", "eh"], encoding: encoding, network: noisy,
                                   settings: VowelTrainingSettings(epochs: 2, patience: 2))
    let one = try trainer.train(samples, threads: 1), two = try trainer.train(samples, threads: 2)
    #expect(one.model == two.model)
    #expect(one.curve == two.curve)
    // Another seed draws another chip and other noise.
    var reseeded = noisy
    reseeded.seed = 2
    #expect(try VowelNetwork(parameters: reseeded).chip != VowelNetwork(parameters: noisy).chip)
}
