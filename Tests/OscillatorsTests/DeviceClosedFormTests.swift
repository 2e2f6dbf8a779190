import EventCore
import Foundation
import Oscillators
import Testing

private let vortex = DeviceParameters.vortex

@Test func thresholdStationaryPowerRelaxationAndFrequencyFollowTheirClosedForms() {
    // I_th = Gamma_G / sigma; p0 = (zeta - 1)/(zeta + Q); 2 Gamma_G (zeta - 1); f0 + kI I + Nf p0.
    #expect(abs(vortex.dampingRate / vortex.spinTransferEfficiency - vortex.thresholdCurrent) <= 1e-15 * vortex.thresholdCurrent)
    for current in [4.4, 6.0, 9.0, 14.0] {
        let zeta = current / vortex.thresholdCurrent
        let p0 = (zeta - 1) / (zeta + vortex.nonlinearDamping)
        let late = ConstantCurrentSolution(device: vortex, current: current, initialPower: 0.01)
        // The logistic solution settles on p0 ...
        let settled = late.power(after: 400 / vortex.amplitudeRelaxationRate(atCurrent: current))
        #expect(abs(settled - p0) <= 1e-12 * p0)
        #expect(abs(vortex.stationaryPower(atCurrent: current) - p0) <= 1e-15)
        // ... at the relaxation rate 2 Gamma_G (zeta - 1): the deviation's log-slope late in the approach.
        let t1 = 8 / vortex.amplitudeRelaxationRate(atCurrent: current), t2 = t1 + 0.05
        let rate = log((late.power(after: t1) - p0) / (late.power(after: t2) - p0)) / (t2 - t1)
        let expected = 2 * vortex.dampingRate * (zeta - 1)
        #expect(abs(rate - expected) <= 2e-5 * expected) // the linearisation's own error, (p - p0)/p0 ~ 1e-5
        // ... and runs at f0 + kI I + Nf p0.
        let f = late.angularFrequency(after: 1e3) / (2 * Double.pi)
        let fExpected = vortex.frequency + vortex.currentTunability * current + vortex.nonlinearShift * p0
        #expect(abs(f - fExpected) <= 1e-12 * fExpected)
    }
    // Below threshold the power decays to 0; at threshold p = p_s / (1 + 2 b p_s t).
    let below = ConstantCurrentSolution(device: vortex, current: 3, initialPower: 0.1)
    #expect(below.power(after: 100) < 1e-30)
    let at = ConstantCurrentSolution(device: vortex, current: vortex.thresholdCurrent, initialPower: 0.1)
    let b = vortex.dampingRate * (1 + vortex.nonlinearDamping)
    #expect(abs(at.power(after: 3) - 0.1 / (1 + 2 * b * 0.1 * 3)) <= 1e-15)
}

@Test func closedFormSolvesTheLogisticEquationAndItsPhaseIntegral() {
    // dp/dt = 2 p (a - b p) and d(int p)/dt = p, by central differences (error ~ h^2 p''' ~ 1e-10).
    for (current, start) in [(6.0, 0.001), (6.0, 0.4), (3.0, 0.2), (9.0, 0.0001)] {
        let solution = ConstantCurrentSolution(device: vortex, current: current, initialPower: start)
        let a = solution.growthRate, b = solution.saturationRate
        for tau in [0.01, 0.3, 1.7, 6.0, 40.0] {
            let h = 1e-5
            let p = solution.power(after: tau)
            let dp = (solution.power(after: tau + h) - solution.power(after: tau - h)) / (2 * h)
            #expect(abs(dp - 2 * p * (a - b * p)) <= 1e-8 * max(abs(dp), p * a.magnitude, 1e-12))
            let dIntegral = (solution.powerIntegral(after: tau + h) - solution.powerIntegral(after: tau - h)) / (2 * h)
            #expect(abs(dIntegral - p) <= 1e-8 * p + 1e-11) // the differences cancel to ~1e-11
        }
    }
    // The large-exponent form joins the small one (x = 2 a tau = 30) smoothly.
    let solution = ConstantCurrentSolution(device: vortex, current: 6, initialPower: 0.001)
    let join = 30 / (2 * solution.growthRate)
    let below = solution.powerIntegral(after: join * (1 - 1e-12)), above = solution.powerIntegral(after: join * (1 + 1e-12))
    #expect(abs(above - below) <= 1e-10 * below)
}

@Test func spikeTimesOfTheClosedFormAreWherePhaseReachesTheThreshold() {
    let solution = ConstantCurrentSolution(device: vortex, current: 6, initialPower: 0.01)
    for advance in [0.3, 2 * Double.pi, 1000.0, 2e5] {
        let tau = solution.time(toAdvancePhaseBy: advance)
        #expect(abs(solution.phaseAdvance(after: tau) - advance) <= 4 * advance.ulp + 1e-15)
    }
}

private final class Spikes: SpikeSink {
    var times: [[Double]]
    init(count: Int) { times = Array(repeating: [], count: count) }
    func record(time: Double, population: Int, node: UInt64) { times[Int(node)].append(time) }
}

@Test func integratedDeviceAgreesWithTheClosedFormWhenUncoupled() throws {
    // Power transient from p = 0.01 at 6 mA, integrated with tight tolerances, against the closed form.
    var simulation = Simulation(system: try DeviceArray(.init(
        devices: [vortex], currents: [CurrentSchedule(initialCurrent: 6)], initialAmplitudes: [Complex(0.1, 0)],
        integration: .adaptive(relativeTolerance: 1e-12, absoluteTolerance: 1e-14, maximumStep: 0.02))))
    let spikes = Spikes(count: 1)
    simulation.system.spikeSink = spikes
    let exact = ConstantCurrentSolution(device: vortex, current: 6, initialPower: 0.01)
    var worstPower = 0.0, worstPhase = 0.0
    for t in stride(from: 0.25, through: 5.0, by: 0.25) {
        simulation.run(until: t)
        worstPower = max(worstPower, abs(simulation.system.power(0, at: t) - exact.power(after: t)) / exact.power(after: t))
        worstPhase = max(worstPhase, abs(simulation.system.phase(0, at: t) * 2 * Double.pi - exact.phaseAdvance(after: t)))
    }
    #expect(worstPower <= 1e-9)
    #expect(worstPhase <= 1e-7) // radians after 1600 cycles: relative 1e-11
    // Spikes where the closed form's phase crosses each whole cycle.
    #expect(spikes.times[0].count == Int(exact.phaseAdvance(after: 5) / (2 * Double.pi)))
    var worstSpike = 0.0
    for (n, time) in spikes.times[0].enumerated() {
        worstSpike = max(worstSpike, abs(time - exact.time(toAdvancePhaseBy: 2 * Double.pi * Double(n + 1))))
    }
    #expect(worstSpike <= 1e-9) // µs
}

@Test func powerTransientAfterACurrentStepFollowsTheClosedForm() throws {
    // 5 mA until 2 µs, then 8 mA: two logistic pieces joined at the step.
    var simulation = Simulation(system: try DeviceArray(.init(
        devices: [vortex], currents: [CurrentSchedule.steps([5, 8], every: 2)], initialAmplitudes: [Complex(0.05, 0)],
        integration: .adaptive(relativeTolerance: 1e-12, absoluteTolerance: 1e-14, maximumStep: 0.02))))
    let first = ConstantCurrentSolution(device: vortex, current: 5, initialPower: 0.0025)
    let second = ConstantCurrentSolution(device: vortex, current: 8, initialPower: first.power(after: 2))
    let phaseAtStep = first.phaseAdvance(after: 2)
    var worstPower = 0.0, worstPhase = 0.0
    for t in stride(from: 0.1, through: 6.0, by: 0.1) {
        simulation.run(until: t)
        let exactPower = t <= 2 ? first.power(after: t) : second.power(after: t - 2)
        let exactPhase = t <= 2 ? first.phaseAdvance(after: t) : phaseAtStep + second.phaseAdvance(after: t - 2)
        worstPower = max(worstPower, abs(simulation.system.power(0, at: t) - exactPower) / exactPower)
        worstPhase = max(worstPhase, abs(simulation.system.phase(0, at: t) * 2 * Double.pi - exactPhase))
    }
    #expect(worstPower <= 1e-9)
    #expect(worstPhase <= 1e-7)
}
