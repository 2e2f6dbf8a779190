import EventCore
import Foundation
import Oscillators
import Testing

private let plain = SpinTorqueOscillatorParameters(frequencyAtZeroCurrent: 0, tunability: 1)

/// Oscillators at constant frequencies (MHz), coupled all-to-all with pulse strength eps.
private func constantFrequencyNetwork(_ frequencies: [Double], eps: Double,
                                      curve: PhaseResponseCurve = PhaseResponseCurve()) -> OscillatorNetwork {
    let n = frequencies.count
    return OscillatorNetwork(
        oscillators: Array(repeating: plain, count: n),
        schedules: frequencies.map { CurrentSchedule(initialCurrent: $0) },
        coupling: (0..<n).map { j in (0..<n).map { i in i == j ? 0 : eps } }, responseCurve: curve)
}

private final class SpikeTimes: SpikeSink {
    var times: [[Double]] = [[], [], []]
    func record(time: Double, population: Int, node: UInt64) { times[Int(node)].append(time) }
}

@Test func rampingOscillatorSpikesAtTheQuadraticRoots() {
    // f = 300 MHz until 2 us, then a ramp of -7 MHz/us (current ramp -1.4 mA/us at 5 MHz/mA).
    let oscillator = SpinTorqueOscillatorParameters(frequencyAtZeroCurrent: 250, tunability: 5)
    var network = OscillatorNetwork(
        oscillators: [oscillator], schedules: [.ramp(from: 10, startingAt: 2, slope: -1.4)], coupling: [[0]])
    let sink = SpikeTimes()
    network.spikeSink = sink
    var simulation = Simulation(system: network)
    simulation.run(until: 19.9)
    // Closed form: phase 600 at t = 2; after that theta = 600 + 300 (t - 2) - 3.5 (t - 2)^2.
    var worst = 0.0
    for (index, time) in sink.times[0].enumerated() {
        let k = Double(index + 1)
        let expected = k <= 600 ? k / 300 : 2 + (300 - (300 * 300 - 4 * 3.5 * (k - 600)).squareRoot()) / (2 * 3.5)
        worst = max(worst, abs(time - expected) / expected)
    }
    #expect(sink.times[0].count == 4848)  // floor(600 + 300 * 17.9 - 3.5 * 17.9^2)
    #expect(worst <= 1e-13, "worst relative error \(worst)")
    #expect(abs(simulation.system.frequency(0, at: 19.9) - (300 - 7 * 17.9)) < 1e-12)
}

@Test func anUpwardRampMatchesTheClosedFormWithoutDrift() {
    // From t = 0: f = 20 + 3 t, so the k-th spike is at t_k = (-20 + sqrt(400 + 6 k)) / 3.
    var network = OscillatorNetwork(oscillators: [plain], schedules: [CurrentSchedule(initialCurrent: 20, initialSlope: 3)],
                                    coupling: [[0]])
    let sink = SpikeTimes()
    network.spikeSink = sink
    var simulation = Simulation(system: network)
    simulation.run(until: 99.9)
    #expect(sink.times[0].count == 16_968)  // floor(20 * 99.9 + 1.5 * 99.9^2)
    let worst = sink.times[0].enumerated().map { index, time in
        let expected = (-20 + (400 + 6 * Double(index + 1)).squareRoot()) / 3
        return abs(time - expected) / expected
    }.max()!
    #expect(worst <= 1e-13, "worst relative error \(worst)")
}

/// Cycles that oscillator 1 slips against oscillator 0 over the second half of a run of `cycles` cycles.
private func slip(detuning: Double, eps: Double, curve: PhaseResponseCurve = PhaseResponseCurve(), cycles: Double = 20_000) -> Double {
    let f = 10.0
    var simulation = Simulation(system: constantFrequencyNetwork([f - detuning / 2, f + detuning / 2], eps: eps, curve: curve))
    let end = cycles / f
    simulation.run(until: end / 2)
    let firstHalf = simulation.system.phase(1, at: end / 2) - simulation.system.phase(0, at: end / 2)
    simulation.run(until: end)
    return simulation.system.phase(1, at: end) - simulation.system.phase(0, at: end) - firstHalf
}

@Test(arguments: [PhaseResponseCurve(), PhaseResponseCurve(sine: 0.6, cosine: 0.5)])
func pairLocksInsideTheLockingRangeAndDriftsOutside(curve: PhaseResponseCurve) {
    let eps = 0.01
    let range = curve.lockingRange(coupling: eps, frequency: 10)
    #expect(abs(slip(detuning: 0.9 * range, eps: eps, curve: curve)) < 0.1)
    #expect(abs(slip(detuning: 1.1 * range, eps: eps, curve: curve)) > 5)
    #expect(abs(slip(detuning: 0.9 * range, eps: 0)) > 10)
    // Measured range by bisection: within 0.5 % of eps f |sine| / pi (first order in eps).
    var locked = 0.5 * range, drifting = 1.5 * range
    for _ in 0..<12 {
        let middle = (locked + drifting) / 2
        if abs(slip(detuning: middle, eps: eps, curve: curve)) < 0.5 { locked = middle } else { drifting = middle }
    }
    let measured = (locked + drifting) / 2
    #expect(abs(measured / range - 1) < 0.005, "measured \(measured) MHz, analytic \(range) MHz")
}

@Test func synchronisedTriadShowsOneLineNineTimesAsStrong() {
    let interval = 0.01, count = 1 << 14, start = 200.0
    let single = PowerSpectrum(samples: constantFrequencyNetwork([10], eps: 0).summedOutput(from: start, interval: interval, count: count),
                               sampleInterval: interval)
    let locked = PowerSpectrum(samples: constantFrequencyNetwork([9.995, 10, 10.01], eps: 0.03)
        .summedOutput(from: start, interval: interval, count: count), sampleInterval: interval)
    let apart = PowerSpectrum(samples: constantFrequencyNetwork([9.7, 10, 10.3], eps: 0.03)
        .summedOutput(from: start, interval: interval, count: count), sampleInterval: interval)
    let ratio = locked.linePower() / single.linePower()
    #expect(ratio > 8.8 && ratio < 9.1, "locked triad / single = \(ratio)")
    #expect(abs(locked.peak.frequency - 10) < 0.02)
    // Unlocked oscillators: three separate lines, none much stronger than one oscillator.
    let apartRatio = apart.linePower() / single.linePower()
    #expect(apartRatio < 1.5, "unlocked triad / single = \(apartRatio)")
}

@Test func readoutMeasuresGroupCoherence() {
    var locked = Simulation(system: constantFrequencyNetwork([9.995, 10, 10.01], eps: 0.03))
    locked.run(until: 300)
    #expect(locked.system.readout.coherentPower > 8.5)
    #expect(locked.system.readout.pairLocking(2) > 0.99)
    var free = Simulation(system: constantFrequencyNetwork([9.7, 10, 10.3], eps: 0))
    free.run(until: 300)
    #expect(free.system.readout.coherentPower < 1.5)
    #expect(free.system.readout.pairLocking(0) < 0.1)
}

@Test func phaseNoiseIsSeededAndBroadensTheLine() {
    func run(seed: UInt64, linewidth: Double) -> [Double] {
        let noisy = SpinTorqueOscillatorParameters(frequencyAtZeroCurrent: 0, tunability: 1, linewidth: linewidth)
        var network = OscillatorNetwork(oscillators: [noisy], schedules: [CurrentSchedule(initialCurrent: 10)],
                                        coupling: [[0]], seed: seed)
        let sink = SpikeTimes()
        network.spikeSink = sink
        var simulation = Simulation(system: network)
        simulation.run(until: 100)
        return sink.times[0]
    }
    #expect(run(seed: 3, linewidth: 0.5) == run(seed: 3, linewidth: 0.5))
    #expect(run(seed: 3, linewidth: 0.5) != run(seed: 4, linewidth: 0.5))
    // Phase diffusion: the variance of the phase after T grows as linewidth T / (2 pi).
    // Over 200 seeds, the spike count after 100 us (1000 +- sqrt(0.5 * 100 / 2 pi) = 2.8 cycles).
    let counts = (0..<200).map { Double(run(seed: UInt64($0), linewidth: 0.5).count) }
    let mean = counts.reduce(0, +) / 200
    let variance = counts.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 199
    let expected = 0.5 * 100 / (2 * Double.pi) + 1.0 / 12   // plus the rounding of a count
    #expect(abs(mean - 1000) < 1)
    #expect(variance > 0.6 * expected && variance < 1.5 * expected, "variance \(variance), expected \(expected)")
}
