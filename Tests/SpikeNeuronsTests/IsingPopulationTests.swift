import Diagnostics
import EventCore
import Foundation
import Ising
import Testing
@testable import SpikeNeurons

private func spins(size: Int, _ values: [String: ParameterValue] = [:]) -> PopulationDescription {
    PopulationDescription(name: "spins", size: size, model: .ising, parameters: ParameterValues(values))
}

private func population(_ description: PopulationDescription, seed: UInt64 = 3) throws -> IsingPopulation {
    let parameters = try IsingPopulation.schema.resolved(description.parameters)
    return IsingPopulation(parameters: parameters, context: PopulationContext(name: description.name, nodes: 0..<description.size,
                                                                              seed: seed, startTime: 0))
}

/// At a fixed temperature the population's spins visit states with Boltzmann
/// weights of its own couplings (6 spins, all pairs coupled, T = 1; sampled
/// every ms for 1e5 ms at one attempt per ms).
@Test func isingPopulationSamplesBoltzmann() throws {
    var nodes = try population(spins(size: 6, ["coupling_probability": .scalar(1), "field": .uniform(lower: -0.5, upper: 0.5)]))
    let problem = nodes.energyFunction
    #expect(problem.couplingCount == 15)
    var histogram = [Int](repeating: 0, count: 64)
    var time = 0.0
    for k in 1...100_000 {
        let sampleTime = Double(k)
        while nodes.nextEmissionTime() <= sampleTime {
            time = nodes.nextEmissionTime()
            _ = nodes.emit(at: time)
        }
        histogram[nodes.spinValues.enumerated().reduce(0) { $0 | ($1.element > 0 ? 1 << $1.offset : 0) }] += 1
    }
    let weights = (0..<64).map { code in exp(-problem.energy((0..<6).map { code >> $0 & 1 == 1 ? 1 : -1 })) }
    let z = weights.reduce(0, +)
    let distance = zip(histogram, weights).reduce(0) { $0 + abs(Double($1.0) / 1e5 - $1.1 / z) } / 2
    #expect(distance < 0.025, "total variation \(distance)")
}

/// An anneal ends in a local minimum far below where a hot run stays.
@Test func annealedPopulationEndsInALocalMinimum() throws {
    let parameters: [String: ParameterValue] = ["coupling_probability": .scalar(0.3), "temperature": .scalar(3),
                                                "final_temperature": .scalar(0.02), "anneal_duration": .scalar(300)]
    var network = Simulation(system: try Network(description: NetworkDescription(populations: [spins(size: 60, parameters)], projections: []), seed: 5))
    network.run(until: 400)
    var hot = Simulation(system: try Network(description: NetworkDescription(
        populations: [spins(size: 60, ["coupling_probability": .scalar(0.3), "temperature": .scalar(3)])], projections: []), seed: 5))
    hot.run(until: 400)
    let annealedSpins = try network.system.probe(population: "spins", variable: "spin", nodes: nil)
    let fields = try network.system.probe(population: "spins", variable: "local_field", nodes: nil)
    let s = network.system.sample(annealedSpins, at: 400), l = network.system.sample(fields, at: 400)
    // No single flip lowers the energy: s_i L_i >= 0 for every spin.
    #expect(zip(s, l).allSatisfy { Double($0) * Double($1) >= 0 })
    let hotSpins = try hot.system.probe(population: "spins", variable: "spin", nodes: nil)
    let hotFields = try hot.system.probe(population: "spins", variable: "local_field", nodes: nil)
    let annealedEnergy = zip(s, l).reduce(0.0) { $0 - Double($1.0) * Double($1.1) }
    let hotEnergy = zip(hot.system.sample(hotSpins, at: 400), hot.system.sample(hotFields, at: 400)).reduce(0.0) { $0 - Double($1.0) * Double($1.1) }
    // sum s_i L_i counts couplings twice; the comparison holds all the same with zero fields.
    #expect(annealedEnergy < hotEnergy - 20, "annealed \(annealedEnergy), hot \(hotEnergy)")
}

/// An input of weight w moves the target's field by w: a strong positive field pins it up.
@Test func inputSpikesStepTheField() throws {
    let description = NetworkDescription(
        populations: [spins(size: 4, ["coupling_probability": .scalar(0), "temperature": .scalar(0.1)]), .spikeTimes("kick", [[5]])],
        projections: [ProjectionDescription(source: "kick", target: "spins", connectivity: .allToAll(allowAutapses: false), weight: 3, delay: 0)])
    var simulation = Simulation(system: try Network(description: description, seed: 2))
    simulation.run(until: 100)
    let fields = try simulation.system.probe(population: "spins", variable: "local_field", nodes: nil)
    let up = try simulation.system.probe(population: "spins", variable: "spin", nodes: nil)
    #expect(simulation.system.sample(fields, at: 100).allSatisfy { $0 == 3 })
    #expect(simulation.system.sample(up, at: 100).allSatisfy { $0 == 1 })
}

@Test func isingCheckpointRestoresTheSameFlips() throws {
    let description = NetworkDescription(populations: [spins(size: 30, ["anneal_duration": .scalar(50), "temperature": .scalar(2)])],
                                         projections: [])
    var simulation = Simulation(system: try Network(description: description, seed: 9))
    simulation.run(until: 20)
    let saved = simulation.system.state
    let collector = SpikeCollector(populationCount: 1)
    simulation.system.spikeSinks = [collector]
    simulation.run(until: 60)
    var restored = try Network(description: description, seed: 9)
    try restored.restore(saved)
    let again = SpikeCollector(populationCount: 1)
    restored.spikeSinks = [again]
    var resumed = Simulation(system: restored, startTime: 20)
    resumed.run(until: 60)
    #expect(again.times[0] == collector.times[0])
    // The anneal has mostly settled by 20 ms: 27 flips from 20 to 60 ms.
    #expect(again.times[0].count > 20, "\(again.times[0].count) flips")
}

@Test func badIsingParametersAreNamed() {
    let bad = NetworkDescription(populations: [spins(size: 3, ["final_temperature": .scalar(5)])], projections: [])
    #expect(throws: InputError.self) { try bad.validate() }
    let worse = NetworkDescription(populations: [spins(size: 3, ["coupling_probability": .scalar(2)])], projections: [])
    #expect(throws: InputError.self) { try worse.validate() }
}
