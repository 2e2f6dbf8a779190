import EventCore
import Foundation
import Testing
@testable import SpikeNeurons

private let quiet = LIFParameters(
    membraneTimeConstant: 20, restingPotential: -70, thresholdPotential: -50, resetPotential: -70, refractoryPeriod: 2)

private let pairRule = PlasticityDescription(
    rule: .pair(potentiation: 0.1, depression: 0.12, tauPlus: 20, tauMinus: 30),
    pairing: .allToAll, multiplicative: false, minimumWeight: 0, maximumWeight: 5)

/// pre spikes at `preTimes` reach the cell through a plastic synapse (1 mV,
/// delay 1 ms); a strong input makes the cell spike at `postTime`.
private func pairing(preTimes: [Double], postTime: Double) throws -> (weight: Double, cell: [Double]) {
    var network = try Network(
        description: NetworkDescription(
            populations: [
                .spikeTimes("pre", [preTimes]),
                .spikeTimes("drive", [[postTime - 1]]),
                .lif("cell", size: 1, quiet, initialPotential: .scalar(-70)),
            ],
            projections: [
                ProjectionDescription(source: "pre", target: "cell", connectivity: .oneToOne, weight: 1, delay: 1,
                                      plasticity: pairRule),
                ProjectionDescription(source: "drive", target: "cell", connectivity: .oneToOne, weight: 25, delay: 1),
            ]),
        seed: 1)
    let collector = SpikeCollector(populationCount: 3)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: 200)
    return (simulation.system.plasticWeights[0]![0], collector.times[2])
}

@Test func plasticSynapseFollowsThePairWindowInsideANetwork() throws {
    // Pre arrives at 11 ms, post at 16 ms: dt = +5 ms, potentiation.
    let potentiated = try pairing(preTimes: [10], postTime: 16)
    #expect(potentiated.cell == [16])
    #expect(abs(potentiated.weight - (1 + 0.1 * exp(-5.0 / 20))) < 1e-12)
    // Post at 16 ms, pre arrives at 31 ms: dt = -15 ms, depression.
    let depressed = try pairing(preTimes: [30], postTime: 16)
    #expect(abs(depressed.weight - (1 - 0.12 * exp(-15.0 / 30))) < 1e-12)
    // Arrival and postsynaptic spike at the same time count as pre before post.
    let simultaneous = try pairing(preTimes: [15], postTime: 16)
    #expect(abs(simultaneous.weight - 1.1) < 1e-12)
}

@Test func plasticNetworkResumesExactlyFromItsState() throws {
    var description = NetworkDescription.benchmark4(neurons: 400, connectionProbability: 0.2)
    description.projections[0].plasticity = PlasticityDescription(
        rule: .triplet(pairPotentiation: 0.005, tripletPotentiation: 0.006, pairDepression: 0.007, tripletDepression: 0.0002,
                       tauPlus: 16.8, tauX: 101, tauMinus: 33.7, tauY: 125),
        pairing: .nearestNeighbour, multiplicative: true, minimumWeight: 0, maximumWeight: 0.5)
    var whole = Simulation(system: try Network(description: description, seed: 4))
    let expected = SpikeCollector(populationCount: 2)
    whole.system.spikeSinks = [expected]
    whole.run(until: 100)
    let saved = whole.system.state
    let savedTime = whole.time
    whole.run(until: 250)

    var restored = try Network(description: description, seed: 4)
    try restored.restore(saved)
    var resumed = Simulation(system: restored, startTime: savedTime)
    let observed = SpikeCollector(populationCount: 2)
    resumed.system.spikeSinks = [observed]
    resumed.run(until: 250)
    let after = expected.times.map { $0.filter { $0 >= 100 } }
    #expect(observed.times == after)
    #expect(resumed.system.plasticWeights == whole.system.plasticWeights)
    let weights = try #require(whole.system.plasticWeights[0])
    #expect(weights.contains { $0 != 0.25 })
    #expect(weights.allSatisfy { $0 >= 0 && $0 <= 0.5 })
}
