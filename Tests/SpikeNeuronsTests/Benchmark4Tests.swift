import EventCore
import Testing
@testable import SpikeNeurons

private func spikes(seed: UInt64, neurons: Int = 400, duration: Double = 300) throws -> SpikeCollector {
    var network = try Network(description: .benchmark4(neurons: neurons, connectionProbability: 0.2), seed: seed)
    let collector = SpikeCollector(populationCount: 2)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: duration)
    return collector
}

@Test func sameSeedGivesIdenticalSpikesAndAnotherSeedDifferentOnes() throws {
    let a = try spikes(seed: 11), b = try spikes(seed: 11), c = try spikes(seed: 12)
    #expect(a.times == b.times && a.nodes == b.nodes)
    #expect(a.times != c.times)
    #expect(a.times[0].count > 100)
}

@Test func splittingARunChangesNothing() throws {
    var network = try Network(description: .benchmark4(neurons: 400, connectionProbability: 0.2), seed: 3)
    let whole = SpikeCollector(populationCount: 2)
    network.spikeSinks = [whole]
    var once = Simulation(system: network)
    once.run(until: 200)
    let pieces = SpikeCollector(populationCount: 2)
    network.spikeSinks = [pieces]
    var split = Simulation(system: network)
    split.run(until: 73.25)
    split.run(until: 200)
    #expect(whole.times == pieces.times && whole.nodes == pieces.nodes)
}

@Test func connectivityHasNoSelfConnectionsAndTheExpectedDensity() throws {
    let description = NetworkDescription.benchmark4(neurons: 2000, connectionProbability: 0.05)
    let network = try Network(description: description, seed: 5)
    let expected = 0.05 * 2000 * 1999
    let count = Double(network.synapseCount)
    // Binomial standard deviation ~ 436: allow 5 sigma.
    #expect(abs(count - expected) < 5 * (expected * 0.95).squareRoot())
    #expect(network.synapseByteCount < 5 * network.synapseCount)
}

@Test func fixedInDegreeGivesExactlyKDistinctSourcesPerTarget() throws {
    let table = try ConnectivityRule.fixedInDegree(30, allowAutapses: false)
        .fanOut(sourceCount: 200, targets: 0..<200, samePopulation: true, seed: 9, key: StreamKey("test")).table
    var incoming = Array(repeating: [Int](), count: 200)
    for source in 0..<200 {
        for target in table.targets(of: source) {
            #expect(Int(target) != source)
            incoming[Int(target)].append(source)
        }
    }
    #expect(incoming.allSatisfy { $0.count == 30 && Set($0).count == 30 })
}
