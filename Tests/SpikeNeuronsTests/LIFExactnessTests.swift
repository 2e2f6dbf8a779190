import EventCore
import Foundation
import Testing
@testable import SpikeNeurons
import Diagnostics

/// A network of one LIF population and nothing else.
private func isolated(_ parameters: LIFParameters, potentials: [Double]) throws -> Network {
    try Network(
        description: NetworkDescription(
            populations: [.lif("cells", size: potentials.count, parameters, initialPotential: .scalar(potentials[0]))],
            projections: []),
        seed: 1)
}

private func spikes(of network: Network, until end: Double) -> SpikeCollector {
    var network = network
    let collector = SpikeCollector(populationCount: network.description.populations.count)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: end)
    return collector
}

@Test func isolatedNeuronFiresWithClosedFormPeriodOver1000Periods() throws {
    let parameters = LIFParameters.benchmark4
    let period = parameters.refractoryPeriod
        + parameters.membraneTimeConstant * log((parameters.restingPotential - parameters.resetPotential)
                                                / (parameters.restingPotential - parameters.thresholdPotential))
    #expect(abs(period - 52.957_905_455_967_42) < 1e-9)
    #expect(abs(parameters.isolatedPeriod - period) < 1e-12)
    // Starting at V_reset, the first crossing is at tau ln 11 and every later
    // one a period after.
    let network = try isolated(parameters, potentials: [parameters.resetPotential])
    let recorded = spikes(of: network, until: 1001 * period)
    let times = recorded.times[0]
    #expect(times.count == 1001)
    let firstCrossing = parameters.membraneTimeConstant * log(11)
    var worst = 0.0
    for (k, time) in times.enumerated() {
        worst = max(worst, abs(time - (firstCrossing + Double(k) * period)))
    }
    #expect(worst < 1e-9, "largest deviation from the closed form: \(worst) ms")
}

@Test func neuronWithRestBelowThresholdNeverFiresAlone() throws {
    var parameters = LIFParameters.benchmark4
    parameters.restingPotential = -70
    let network = try isolated(parameters, potentials: [-55])
    #expect(spikes(of: network, until: 10_000).times[0].isEmpty)
    #expect(parameters.isolatedPeriod == .infinity)
}

@Test func membranePotentialFollowsExponentialRelaxation() throws {
    var parameters = LIFParameters.benchmark4
    parameters.restingPotential = -70
    var simulation = Simulation(system: try isolated(parameters, potentials: [-55]))
    let probe = try simulation.system.probe(population: "cells", variable: "v", nodes: [0])
    #expect(probe.units == "mV")
    #expect(simulation.system.sample(probe, at: 0) == [-55])
    let v = simulation.system.sample(probe, at: 30)[0]
    #expect(abs(Double(v) - (-70 + 15 * exp(-30.0 / 20))) < 1e-5)  // float32 samples
    #expect(throws: InputError.self) { try simulation.system.probe(population: "cells", variable: "u", nodes: nil) }
    #expect(throws: InputError.self) { try simulation.system.probe(population: "cells", variable: "v", nodes: [1]) }
}
