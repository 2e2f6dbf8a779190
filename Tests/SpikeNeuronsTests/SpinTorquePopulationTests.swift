import EventCore
import Foundation
import Oscillators
import Testing
@testable import SpikeNeurons

/// Vortex defaults at 6 mA (in pA: network currents are in pA).
private func devices(size: Int = 1, phase: ParameterValue = .scalar(0)) -> PopulationDescription {
    PopulationDescription(name: "devices", size: size, model: .stno,
                          parameters: ParameterValues(["i_dc": .scalar(6e9), "phase_init": phase]))
}

@Test func aDeviceStepsItsCurrentAtEachInputAndSpikesWhereItsClosedFormCrossesEachCycle() throws {
    // An input of 2 mA arrives at 0.002 ms (2 µs): 6 mA, then 8 mA.
    let description = NetworkDescription(
        populations: [devices(), .spikeTimes("input", [[0.002]])],
        projections: [ProjectionDescription(source: "input", target: "devices", connectivity: .allToAll(allowAutapses: false),
                                            weight: 2e9, delay: 0)])
    var network = try Network(description: description, seed: 1)
    let collector = SpikeCollector(populationCount: 2)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: 0.006)
    // The independent oracle: the integrated device (DOPRI5, tight tolerances) under the same current steps.
    var oracle = Simulation(system: try DeviceArray(.init(
        devices: [.vortex], currents: [CurrentSchedule.steps([6, 8], every: 2)],
        initialAmplitudes: [Complex(DeviceParameters.vortex.stationaryPower(atCurrent: 6).squareRoot(), 0)],
        integration: .adaptive(relativeTolerance: 1e-12, absoluteTolerance: 1e-14, maximumStep: 0.02))))
    final class Times: SpikeSink { var times: [Double] = []; func record(time: Double, population: Int, node: UInt64) { times.append(time) } }
    let times = Times()
    oracle.system.spikeSink = times
    oracle.run(until: 6)
    let exact = collector.times[0].map { $0 * 1000 } // µs
    #expect(exact.count == times.times.count && exact.count > 1900, "\(exact.count) vs \(times.times.count)")
    let worst = zip(exact, times.times).map { abs($0 - $1) }.max()!
    #expect(worst < 1e-9, "worst spike-time difference \(worst) µs")
}

@Test func recordedPowerAndFrequencyFollowTheStationaryValues() throws {
    let network = try Network(description: NetworkDescription(populations: [devices(size: 2, phase: .uniform(lower: 0, upper: 1))], projections: []), seed: 1)
    let power = try network.probe(population: "devices", variable: "power", nodes: nil)
    let frequency = try network.probe(population: "devices", variable: "frequency", nodes: nil)
    var simulation = Simulation(system: network)
    simulation.run(until: 0.01)
    let p0 = DeviceParameters.vortex.stationaryPower(atCurrent: 6)
    // Recorded values are float32.
    #expect(simulation.system.sample(power, at: 0.01).allSatisfy { abs(Double($0) - p0) <= 1e-7 * p0 })
    let f = DeviceParameters.vortex.freeRunningFrequency(atCurrent: 6) * 1e6
    #expect(simulation.system.sample(frequency, at: 0.01).allSatisfy { abs(Double($0) - f) <= 1e-7 * f })
}

@Test func checkpointedStateRestoresTheSameSpikes() throws {
    let description = NetworkDescription(populations: [devices(size: 3, phase: .uniform(lower: 0, upper: 1))], projections: [])
    var simulation = Simulation(system: try Network(description: description, seed: 7))
    simulation.run(until: 0.001)
    let saved = simulation.system.state
    let collector = SpikeCollector(populationCount: 1)
    simulation.system.spikeSinks = [collector]
    simulation.run(until: 0.002)
    var restored = try Network(description: description, seed: 7)
    try restored.restore(saved)
    let again = SpikeCollector(populationCount: 1)
    restored.spikeSinks = [again]
    var resumed = Simulation(system: restored, startTime: 0.001)
    resumed.run(until: 0.002)
    #expect(again.times[0] == collector.times[0] && again.times[0].count > 900)
}
