import Foundation
import SpikeNeurons
import Testing

/// Relative difference, with exact zero only equal to zero.
private func relativeError(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(a), abs(b))
}

/// dw for one pre spike at 1000 ms and one post spike at 1000 + dt (pre first at dt = 0).
private func pairChange<Rule: SpikeTimingRule>(_ rule: Rule, weight: Double, dt: Double) -> Double {
    var synapse = rule.synapse(weight: weight)
    let tPre = 1000.0, tPost = 1000.0 + dt
    var w = weight
    if dt >= 0 {
        w = rule.presynapticSpike(&synapse, at: tPre)
        w = rule.postsynapticSpike(&synapse, at: tPost)
    } else {
        w = rule.postsynapticSpike(&synapse, at: tPost)
        w = rule.presynapticSpike(&synapse, at: tPre)
    }
    return w
}

private let windowOffsets = stride(from: -100.0, through: 100.0, by: 0.25).map { $0 }

@Test(arguments: [SpikePairing.allToAll, .nearestNeighbour])
func additivePairWindowMatchesClosedForm(pairing: SpikePairing) {
    let rule = PairSTDP(potentiationAmplitude: 0.01, depressionAmplitude: 0.012, potentiationTimeConstant: 16.8,
                        depressionTimeConstant: 33.7, pairing: pairing, bounds: .additive(minimum: -1, maximum: 1))
    var worst = 0.0
    for dt in windowOffsets {
        // Start at w = 0 so the new weight is dw itself (no cancellation).
        let dw = pairChange(rule, weight: 0, dt: dt)
        let expected = dt >= 0 ? 0.01 * exp(-dt / 16.8) : -0.012 * exp(dt / 33.7)
        worst = max(worst, relativeError(dw, expected))
    }
    #expect(worst <= 1e-12, "worst relative error \(worst)")
}

@Test func multiplicativePairWindowMatchesClosedForm() {
    let rule = PairSTDP(potentiationAmplitude: 0.1, depressionAmplitude: 0.12, potentiationTimeConstant: 20,
                        depressionTimeConstant: 25, bounds: .multiplicative(minimum: 0.1, maximum: 2))
    var worst = 0.0
    for dt in windowOffsets {
        let w0 = 0.7
        let w = pairChange(rule, weight: w0, dt: dt)
        let expected = dt >= 0 ? w0 + 0.1 * exp(-dt / 20) * (2 - w0) : w0 - 0.12 * exp(dt / 25) * (w0 - 0.1)
        worst = max(worst, relativeError(w, expected))
    }
    #expect(worst <= 1e-12, "worst relative error \(worst)")
}

@Test func tripletPairWindowMatchesClosedForm() {
    let rule = TripletSTDP.visualCortexAllToAll
    var worst = 0.0
    for dt in windowOffsets {
        let dw = pairChange(rule, weight: 0, dt: dt)
        let expected = dt >= 0 ? 5e-10 * exp(-dt / 16.8) : -7e-3 * exp(dt / 33.7)
        worst = max(worst, relativeError(dw, expected))
    }
    #expect(worst <= 1e-12, "worst relative error \(worst)")
}

@Test func additiveBoundsClipAndSoftBoundsApproach() {
    let hard = PairSTDP(potentiationAmplitude: 0.3, bounds: .additive(minimum: 0, maximum: 1))
    var synapse = hard.synapse(weight: 0.9)
    _ = hard.presynapticSpike(&synapse, at: 0)
    #expect(hard.postsynapticSpike(&synapse, at: 0) == 1)
    let soft = PairSTDP(potentiationAmplitude: 0.5, bounds: .multiplicative(minimum: 0, maximum: 1))
    var softSynapse = soft.synapse(weight: 0.9)
    var w = 0.9
    for k in 0..<50 {
        _ = soft.presynapticSpike(&softSynapse, at: Double(k) * 1000)
        w = soft.postsynapticSpike(&softSynapse, at: Double(k) * 1000 + 1)
    }
    #expect(w < 1 && w > 0.999)
}

/// All-to-all pairing sums over earlier spikes; nearest-neighbour keeps the latest only.
@Test func pairingSchemesDifferAsDefined() {
    for pairing in [SpikePairing.allToAll, .nearestNeighbour] {
        let rule = PairSTDP(potentiationAmplitude: 0.01, depressionAmplitude: 0, potentiationTimeConstant: 20,
                            pairing: pairing, bounds: .additive(minimum: -10, maximum: 10))
        var synapse = rule.synapse(weight: 0)
        _ = rule.presynapticSpike(&synapse, at: 0)
        _ = rule.presynapticSpike(&synapse, at: 5)
        let w = rule.postsynapticSpike(&synapse, at: 10)
        let latest = 0.01 * exp(-5.0 / 20)
        let expected = pairing == .allToAll ? latest + 0.01 * exp(-10.0 / 20) : latest
        #expect(relativeError(w, expected) <= 1e-14)
    }
}

/// Weight change after 60 pairings at `frequency` Hz with post - pre = dt ms
/// (Sjöström et al. 2001 protocol, as simulated by Pfister and Gerstner 2006).
private func pairingProtocol(_ rule: TripletSTDP, frequency: Double, dt: Double) -> Double {
    var synapse = rule.synapse(weight: 0)
    let period = 1000 / frequency
    var w = 0.0
    for k in 0..<60 {
        let tPre = 100 + Double(k) * period, tPost = tPre + dt
        if dt >= 0 {
            w = rule.presynapticSpike(&synapse, at: tPre)
            w = rule.postsynapticSpike(&synapse, at: tPost)
        } else {
            w = rule.postsynapticSpike(&synapse, at: tPost)
            w = rule.presynapticSpike(&synapse, at: tPre)
        }
    }
    return w
}

@Test func tripletPotentiationGrowsWithPairingFrequency() {
    let rule = TripletSTDP.visualCortexAllToAll
    let frequencies = [0.1, 10, 20, 40, 50]
    let causal = frequencies.map { pairingProtocol(rule, frequency: $0, dt: 10) }
    #expect(zip(causal, causal.dropFirst()).allSatisfy { $0 < $1 }, "\(causal)")
    #expect(causal.last! > 0)
    // Post before pre: depression at low frequency, potentiation at high frequency.
    let acausal = frequencies.map { pairingProtocol(rule, frequency: $0, dt: -10) }
    #expect(acausal.first! < 0 && acausal.last! > 0, "\(acausal)")
    // The pair rule alone (A3 = 0) has no such frequency dependence of the sign.
    var pairOnly = rule
    pairOnly.tripletPotentiation = 0
    pairOnly.tripletDepression = 0
    #expect(pairingProtocol(pairOnly, frequency: 50, dt: -10) < 0)
    // The nearest-neighbour variant (same amplitudes) treats the last pair only.
    var nearest = rule
    nearest.pairing = .nearestNeighbour
    #expect(pairingProtocol(nearest, frequency: 10, dt: 10) != causal[1])
}
