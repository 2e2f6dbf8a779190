import EventCore
import Foundation
import Testing
@testable import SpikeNeurons
import Diagnostics

/// c_m 200 pF, i_e 100 pA: V rises at 0.5 mV/ms; threshold -50, reset -70, t_ref 2 ms.
private func pif(_ name: String = "cells", size: Int = 1, current: Double = 100, v0: ParameterValue = .scalar(-70)) -> PopulationDescription {
    PopulationDescription(name: name, size: size, model: .pif, parameters: ParameterValues([
        "c_m": .scalar(200), "i_e": .scalar(current), "v_threshold": .scalar(-50), "v_reset": .scalar(-70),
        "t_refractory": .scalar(2), "v_init": v0,
    ]))
}

private func run(_ description: NetworkDescription, until end: Double) throws -> SpikeCollector {
    var network = try Network(description: description, seed: 1)
    let collector = SpikeCollector(populationCount: description.populations.count)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: end)
    return collector
}

@Test func isolatedPerfectIntegratorFiresWithClosedFormPeriod() throws {
    // First crossing after (−50 − (−70)) / 0.5 = 40 ms, then every 2 + 40 ms.
    let spikes = try run(NetworkDescription(populations: [pif()], projections: []), until: 42 * 1000 + 1)
    #expect(spikes.times[0].count == 1000)
    for (k, time) in spikes.times[0].enumerated() {
        #expect(abs(time - (40 + 42 * Double(k))) < 1e-9)
    }
}

@Test func inputJumpsMoveTheCrossingByWeightOverDrift() throws {
    // A 5 mV jump at t = 10 ms: V(10) = -65 -> -60, crossing at 10 + 10 / 0.5 = 30 ms.
    // An input during the refractory period after it (30..32 ms) is ignored.
    let description = NetworkDescription(
        populations: [pif(), .spikeTimes("input", [[10, 31]])],
        projections: [ProjectionDescription(source: "input", target: "cells", connectivity: .allToAll(allowAutapses: false),
                                            weight: 5, delay: 0)])
    let spikes = try run(description, until: 80)
    #expect(spikes.times[0] == [30, 72])
}

@Test func withoutDriveAPerfectIntegratorFiresOnlyWhenAnInputLiftsIt() throws {
    let description = NetworkDescription(
        populations: [pif(current: 0, v0: .scalar(-60)), .spikeTimes("input", [[5, 9, 20]])],
        projections: [ProjectionDescription(source: "input", target: "cells", connectivity: .allToAll(allowAutapses: false),
                                            weight: 4, delay: 1)])
    var network = try Network(description: description, seed: 1)
    let probe = try network.probe(population: "cells", variable: "v", nodes: nil)
    let collector = SpikeCollector(populationCount: 2)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: 15)
    #expect(simulation.system.sample(probe, at: 15) == [-52])  // two jumps, no leak
    #expect(collector.times[0].isEmpty)
    simulation.run(until: 30)
    #expect(collector.times[0] == [21])  // the third jump (arrival 21 ms) lifts V to -48 mV
    #expect(simulation.system.sample(probe, at: 30) == [-70])  // reset, and no drift back up
}

@Test func schemaDefaultsAndBoundsApply() throws {
    var description = NetworkDescription(populations: [pif()], projections: [])
    description.populations[0].parameters["c_m"] = nil  // default 250 pF
    description.populations[0].parameters["t_refractory"] = nil  // default 0 ms
    try description.validate()
    description.populations[0].parameters["c_m"] = .scalar(-1)
    #expect(throws: InputError(field: "population[0].c_m", message: "must be > 0 pF, got -1.0 pF")) { try description.validate() }
    description.populations[0].parameters["c_m"] = .scalar(200)
    description.populations[0].parameters["v_reset"] = .scalar(-40)
    #expect(throws: InputError(field: "population[0].v_reset", message: "must be below v_threshold")) { try description.validate() }
    description.populations[0].parameters["v_reset"] = nil
    #expect(throws: InputError(field: "population[0].v_reset", message: "missing required parameter")) { try description.validate() }
}
