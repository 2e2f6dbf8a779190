import EventCore
import Testing
@testable import SpikeNeurons

@Test func poissonSourcesHaveTheRequestedRateAndExponentialIntervals() throws {
    let network = try Network(
        description: NetworkDescription(
            populations: [.poisson("drive", size: 500, rate: 20)], projections: []),
        seed: 3)
    let statistics = SpikeStatistics(populationSizes: [500])
    var simulation = Simulation(system: network)
    simulation.system.spikeSinks = [statistics]
    simulation.run(until: 20_000)
    // 200,000 expected spikes: relative standard deviation 0.22 %.
    let rate = statistics.meanRate(populations: [0], duration: 20_000)
    #expect(abs(rate - 20) < 0.2, "rate \(rate)")
    // Exponential intervals have CV 1 (per node ~400 intervals: mean CV within a few %).
    let cv = try #require(statistics.meanISICoefficientOfVariation(populations: [0]))
    #expect(abs(cv - 1) < 0.03, "CV \(cv)")
}

@Test func poissonDriveOfAQuietNeuronIsDeterministicAndSeedDependent() throws {
    func spikes(seed: UInt64) throws -> [Double] {
        let quiet = LIFParameters(
            membraneTimeConstant: 10, restingPotential: -70, thresholdPotential: -54, resetPotential: -70,
            refractoryPeriod: 2)
        var network = try Network(
            description: NetworkDescription(
                populations: [
                    .poisson("drive", size: 100, rate: 50),
                    .lif("cell", size: 1, quiet, initialPotential: .scalar(-70)),
                ],
                projections: [ProjectionDescription(
                    source: "drive", target: "cell", connectivity: .allToAll(allowAutapses: false), weight: 0.5, delay: 1)]),
            seed: seed)
        let collector = SpikeCollector(populationCount: 2)
        network.spikeSinks = [collector]
        var simulation = Simulation(system: network)
        simulation.run(until: 2000)
        return collector.times[1]
    }
    let first = try spikes(seed: 1)
    // Mean drive 100 x 50 Hz x 0.5 mV x 10 ms = 25 mV above rest: the cell fires regularly.
    #expect(first.count > 50)
    #expect(try spikes(seed: 1) == first)
    #expect(try spikes(seed: 2) != first)
}
