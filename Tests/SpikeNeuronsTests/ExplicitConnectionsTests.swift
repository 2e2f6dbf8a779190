import Diagnostics
import EventCore
import Testing
@testable import SpikeNeurons

/// Benchmark 4 (500 cells) driven by 50 Poisson sources, with every
/// projection's connections drawn by its random rule and then listed
/// explicitly: the same network, described edge by edge as a SONATA circuit
/// describes it. `ownWeights` gives each connection its own weight (equal to
/// the projection's, so the spikes must not change, or a scaled copy).
private func listed(_ description: NetworkDescription, seed: UInt64, ownWeights: ((Int, Double) -> Double)? = nil) throws -> NetworkDescription {
    let network = try Network(description: description, seed: seed)
    var result = description
    for index in description.projections.indices {
        let (sources, targets) = network.connections(ofProjection: index)
        let weight = description.projections[index].weight
        result.projections[index].connectivity = .explicit(ExplicitConnections(
            sources: sources.map { UInt32($0) }, targets: targets.map { UInt32($0) },
            weights: ownWeights.map { own in sources.indices.map { own($0, weight) } }))
    }
    return result
}

private func driven() -> NetworkDescription {
    var description = NetworkDescription.benchmark4(neurons: 500, connectionProbability: 0.1)
    description.populations.append(.poisson("drive", size: 50, rate: 10))
    description.projections.append(ProjectionDescription(
        source: "drive", target: "excitatory", connectivity: .fixedProbability(0.2, allowAutapses: false), weight: 0.3, delay: 0.5))
    return description
}

/// (time, population, node) of every spike, in the order emitted.
private func spikes(_ description: NetworkDescription, seed: UInt64, until end: Double) throws -> [[Double]] {
    var network = try Network(description: description, seed: seed)
    let collector = SpikeCollector(populationCount: description.populations.count)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: end)
    return description.populations.indices.map { population in
        zip(collector.times[population], collector.nodes[population]).flatMap { [$0, Double($1)] }
    }
}

/// Every connection of every projection held by `network`, as (source, target) sorted.
private func held(_ network: Network) -> [[[UInt64]]] {
    network.description.projections.indices.map { index in
        let (sources, targets) = network.connections(ofProjection: index)
        return zip(sources, targets).map { [$0, $1] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
    }
}

@Test(arguments: [2, 3])
func explicitConnectionsInPartsAreExactlyTheWholeNetworks(parts: Int) throws {
    let description = try listed(driven(), seed: 4, ownWeights: { index, weight in weight * Double(1 + index % 3) })
    let whole = try Network(description: description, seed: 4)
    let pieces = try (0..<parts).map { try Network(description: description, seed: 4, partition: Partition(part: $0, of: parts)) }
    for (part, piece) in pieces.enumerated() {
        for (index, projection) in description.projections.enumerated() {
            let range = piece.nodeRanges[description.populationIndex(named: projection.target)!]
            #expect(piece.connections(ofProjection: index).targets.allSatisfy { range.contains(Int($0)) }, "part \(part)")
        }
    }
    let joined = description.projections.indices.map { index in
        pieces.flatMap { held($0)[index] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
    }
    #expect(joined == held(whole))
    #expect(pieces.reduce(0) { $0 + $1.synapseCount } == whole.synapseCount)
    #expect(whole.synapseCount > 20_000)
}

@Test func listingARandomNetworksConnectionsGivesBitIdenticalSpikes() throws {
    let random = driven()
    let reference = try spikes(random, seed: 6, until: 1000)
    #expect(reference.reduce(0) { $0 + $1.count } / 2 > 5000)
    #expect(try spikes(listed(random, seed: 6), seed: 6, until: 1000) == reference)
    // Each connection carrying the projection's weight as its own takes the per-connection path, to the same bits.
    #expect(try spikes(listed(random, seed: 6, ownWeights: { $1 }), seed: 6, until: 1000) == reference)
    // ...and that path does use the weights given.
    #expect(try spikes(listed(random, seed: 6, ownWeights: { $1 * 0.5 }), seed: 6, until: 1000) != reference)
}

@Test func explicitConnectionsOutsideTheirPopulationsOrWithNaNWeightsAreRefused() throws {
    var description = driven()
    description.projections[4].connectivity = .explicit(ExplicitConnections(sources: [0, 50], targets: [1, 2]))
    #expect(throws: InputError.self) { try description.validate() }
    description.projections[4].connectivity = .explicit(ExplicitConnections(sources: [0, 1], targets: [1, 2], weights: [0.1, .nan]))
    #expect(throws: InputError.self) { try description.validate() }
    description.projections[4].connectivity = .explicit(ExplicitConnections(sources: [0, 1], targets: [1, 2], weights: [0.1, 0.2]))
    try description.validate()
}
