import Foundation
import Testing
@testable import SpikeNeurons

// The LIF state's rebasing and parking (see `LIFPopulation`): exact over
// gaps of any length, for refractory periods of any length, and the same to
// the bit whenever the steps are taken.

private func parameters(tau: Double, refractory: Double, rest: Double = -49) -> LIFParameters {
    LIFParameters(membraneTimeConstant: tau, restingPotential: rest, thresholdPotential: -50,
                  resetPotential: -60, refractoryPeriod: refractory)
}

/// Spike times of a population left alone until `end`, sampling node 0 at
/// each time of `samples` that falls between its events.
private func spikeTimes(_ population: inout LIFPopulation, until end: Double, samples: [Double] = []) -> [Double] {
    var times: [Double] = []
    var pending = samples[...]
    while true {
        let next = population.nextEmissionTime()
        while let sample = pending.first, sample <= min(next, end) {
            _ = population.membranePotential(of: 0, at: sample)
            pending = pending.dropFirst()
        }
        guard next < end else { return times }
        times.append(next)
        _ = population.emit(at: next)
    }
}

/// t_ref = 1000 tau_m: the release value exp(1000) overflows a double, so
/// the cell is parked while refractory. Before, it fired once and never again.
@Test func aCellRefractoryForAThousandTimeConstantsFiresWithTheClosedFormPeriod() {
    let cell = parameters(tau: 0.01, refractory: 10)
    var population = LIFPopulation(parameters: cell, initialPotentials: [-60])
    let times = spikeTimes(&population, until: 1000)
    let first = 0.01 * log(11.0)
    #expect(times.count == Int(((1000 - first) / cell.isolatedPeriod).rounded(.down)) + 1)
    var worst = 0.0
    for (k, time) in times.enumerated() { worst = max(worst, abs(time - (first + Double(k) * cell.isolatedPeriod))) }
    #expect(worst < 1e-9, "largest deviation from the closed form: \(worst) ms")
}

/// Sampling the state between events takes rebasing steps early; spikes of
/// a driven tonic population must not change by one bit (steps of 2 ms,
/// gaps of up to 30 steps, so capped jumps are taken too).
@Test func rebasingStepsTakenEarlyChangeNoBit() {
    let cell = parameters(tau: 0.01, refractory: 0.5)
    var tonic = LIFPopulation(parameters: cell, initialPotentials: [-60, -55, -52])
    var sampled = tonic
    var random = SystemRandomNumberGenerator()
    let samples = (0..<400).map { _ in Double.random(in: 0..<500, using: &random) }.sorted()
    #expect(spikeTimes(&tonic, until: 500) == spikeTimes(&sampled, until: 500, samples: samples))
    // With inputs between the spikes too, at irregular times.
    var plain = LIFPopulation(parameters: parameters(tau: 0.01, refractory: 0.5, rest: -70), initialPotentials: [-65, -60])
    var probed = plain
    var time = 0.0
    for step in 0..<300 {
        time += Double(step % 7) * 0.9 + 0.013
        for population in [0, 1] {
            if population == 1 { _ = probed.membranePotential(of: step % 2, at: time - 0.005) }
            [UInt32(0), 1].withUnsafeBufferPointer { targets in
                if population == 0 { plain.receive(weight: 25, at: time, targets: targets) }
                else { probed.receive(weight: 25, at: time, targets: targets) }
            }
        }
        #expect(plain.nextEmissionTime() == probed.nextEmissionTime())
        if plain.nextEmissionTime() <= time {
            #expect(plain.emit(at: time) == probed.emit(at: time))
        }
    }
    #expect(plain.state == probed.state)
    // A gap of 30 steps crossed in one capped jump, or step by step by samples:
    // the same state, to the bit (the stored w is 0 either way).
    var jumped = LIFPopulation(parameters: parameters(tau: 0.01, refractory: 0, rest: -70), initialPotentials: [-52])
    var stepped = jumped
    for k in 1...30 { _ = stepped.membranePotential(of: 0, at: 2.0001 * Double(k)) }
    #expect(jumped.membranePotential(of: 0, at: 61) == stepped.membranePotential(of: 0, at: 61))
    #expect(jumped.state == stepped.state)
}

/// A quiet cell with tau_m = 1e-6 ms left alone for 1000 ms (10^9 time
/// constants, 5 * 10^6 rebasing steps taken as one capped jump) is exactly
/// at rest, and the next input's jump and decay are exact.
@Test func aGapOfABillionTimeConstantsEndsExactlyAtRest() {
    let tau = 1e-6
    var population = LIFPopulation(parameters: parameters(tau: tau, refractory: 0, rest: -70), initialPotentials: [-70])
    [UInt32(0)].withUnsafeBufferPointer { population.receive(weight: 5, at: 0, targets: $0) }
    #expect(abs(population.membranePotential(of: 0, at: tau) - (-70 + 5 * exp(-1))) < 1e-12)
    #expect(population.membranePotential(of: 0, at: 1000) == -70)
    [UInt32(0)].withUnsafeBufferPointer { population.receive(weight: 3, at: 1000, targets: $0) }
    #expect(abs(population.membranePotential(of: 0, at: 1000) - (-67)) < 1e-12)
    let later = 1000 + tau, elapsed = later - 1000  // tau, to the clock's resolution at 1000 ms
    #expect(abs(population.membranePotential(of: 0, at: later) - (-70 + 3 * exp(-elapsed / tau))) < 1e-12)
}
