import EventCore
import Foundation
import Testing
@testable import SpikeNeurons

/// Benchmark 4 (1,000 cells, p = 0.08) driven in addition by 100 Poisson
/// sources, so that inputs and all four recurrent projections are exercised.
/// With `learning`, the excitatory-to-excitatory synapses learn (pair STDP):
/// their weights then differ, so the order of simultaneous arrivals shows in
/// the bits (with one weight per projection it cannot).
private func drivenBenchmark(withLeadingPopulation: Bool = false, learning: Bool = false) -> NetworkDescription {
    var description = NetworkDescription.benchmark4(neurons: 1000, connectionProbability: 0.08)
    if learning {
        description.projections[0].plasticity = PlasticityDescription(
            rule: .pair(potentiation: 0.01, depression: 0.0105, tauPlus: 20, tauMinus: 20), pairing: .allToAll,
            multiplicative: false, minimumWeight: 0, maximumWeight: 0.5)
    }
    description.populations.append(.poisson("drive", size: 100, rate: 5))
    description.projections.append(ProjectionDescription(
        source: "drive", target: "excitatory", connectivity: .fixedProbability(0.1, allowAutapses: false),
        weight: 0.1, delay: 0.5))
    if withLeadingPopulation {
        description.populations.insert(.poisson("elsewhere", size: 37, rate: 40), at: 0)
    }
    return description
}

/// Every connection of every projection as (source, target) population node indices.
private func connections(_ network: Network) -> [[Pair]] {
    network.description.projections.indices.map { index in
        let (sources, targets) = network.connections(ofProjection: index)
        return zip(sources, targets).map { Pair(source: $0, target: $1) }.sorted()
    }
}

private struct Pair: Hashable, Comparable {
    var source: UInt64, target: UInt64
    static func < (a: Pair, b: Pair) -> Bool { (a.source, a.target) < (b.source, b.target) }
}

/// Spikes as (population name, node, time), sorted by time then population then node.
private struct Recorded: Hashable {
    var population: String, node: UInt64, time: Double
}

private func spikes(_ collector: SpikeCollector, _ description: NetworkDescription) -> [Recorded] {
    var all: [Recorded] = []
    for (index, population) in description.populations.enumerated() {
        for (node, time) in zip(collector.nodes[index], collector.times[index]) {
            all.append(Recorded(population: population.name, node: node, time: time))
        }
    }
    return all.sorted { ($0.time, $0.population, $0.node) < ($1.time, $1.population, $1.node) }
}

private func runWhole(_ description: NetworkDescription, seed: UInt64, until end: Double) throws -> [Recorded] {
    var network = try Network(description: description, seed: seed)
    let collector = SpikeCollector(populationCount: description.populations.count)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: end)
    return spikes(collector, description)
}

/// Each part's spikes, filled by the part's own thread.
private final class PartResults: @unchecked Sendable {
    private let lock = NSLock()
    private var byPart: [Int: [Recorded]] = [:]
    func store(_ spikes: [Recorded], part: Int) { lock.withLock { byPart[part] = spikes } }
    var all: [Recorded] { lock.withLock { byPart.values.flatMap { $0 } } }
    var count: Int { lock.withLock { byPart.count } }
}

/// Runs `parts` partitions in threads, each building only its own part and
/// exchanging spikes with the others through the seam.
private func runPartitioned(_ description: NetworkDescription, seed: UInt64, parts: Int, until end: Double) -> [Recorded] {
    let exchange = InProcessExchange(partCount: parts)
    let results = PartResults()
    // One thread per part, as many as there are parts (a pool smaller than
    // that would deadlock at the exchange, which waits for every part).
    let threads = (0..<parts).map { part in
        Thread {
            var network = try! Network(description: description, seed: seed, partition: Partition(part: part, of: parts))
            let collector = SpikeCollector(populationCount: description.populations.count)
            network.spikeSinks = [collector]
            var simulation = Simulation(system: network)
            Network.runPartitioned(&simulation, until: end, exchange: exchange)
            results.store(spikes(collector, description), part: part)
        }
    }
    threads.forEach { $0.start() }
    while results.count < parts { usleep(1000) }
    return results.all.sorted { ($0.time, $0.population, $0.node) < ($1.time, $1.population, $1.node) }
}

@Test func benchmark4BuiltInTwoHalvesHasExactlyTheWholeNetworksConnections() throws {
    let description = NetworkDescription.benchmark4()
    let whole = try Network(description: description, seed: 11)
    let halves = try (0..<2).map { try Network(description: description, seed: 11, partition: Partition(part: $0, of: 2)) }
    // Each half holds only connections onto its own targets...
    for (part, half) in halves.enumerated() {
        for (index, projection) in description.projections.enumerated() {
            let held = half.nodeRanges[description.populationIndex(named: projection.target)!]
            #expect(half.connections(ofProjection: index).targets.allSatisfy { held.contains(Int($0)) }, "part \(part)")
        }
    }
    // ...and together exactly the whole network's.
    let joined = zip(connections(halves[0]), connections(halves[1])).map { ($0 + $1).sorted() }
    #expect(joined == connections(whole))
    #expect(halves[0].synapseCount + halves[1].synapseCount == whole.synapseCount)
    #expect(whole.synapseCount > 300_000)
}

/// 5 s of simulated time passes the LIF populations' first rebasing step
/// (200 tau_m = 4 s), which must not depend on the partition either.
@Test(arguments: [2, 3])
func partitionedRunGivesBitIdenticalSpikesToOneProcess(parts: Int) throws {
    let description = drivenBenchmark()
    let reference = try runWhole(description, seed: 5, until: 5000)
    let partitioned = runPartitioned(description, seed: 5, parts: parts, until: 5000)
    #expect(reference.count > 20_000)
    #expect(partitioned.count == reference.count)
    #expect(partitioned == reference)  // Double equality: bit for bit
}

/// Learning synapses make the result depend on the order of simultaneous
/// arrivals, which must be (time, source) in every part.
@Test func partitionedLearningRunGivesBitIdenticalSpikesToOneProcess() throws {
    let description = drivenBenchmark(learning: true)
    let reference = try runWhole(description, seed: 8, until: 300)
    let partitioned = runPartitioned(description, seed: 8, parts: 2, until: 300)
    #expect(reference.count > 1000)
    #expect(partitioned == reference)
}

@Test func insertingAPopulationBeforeOthersLeavesTheirConnectionsAndSpikesUnchanged() throws {
    let plain = drivenBenchmark()
    let inserted = drivenBenchmark(withLeadingPopulation: true)
    let a = try Network(description: plain, seed: 3), b = try Network(description: inserted, seed: 3)
    #expect(connections(a) == connections(b))
    #expect(b.firstGlobalIDs[1] == 37)  // global ids moved, draws did not
    let before = try runWhole(plain, seed: 3, until: 1000)
    let after = try runWhole(inserted, seed: 3, until: 1000).filter { $0.population != "elsewhere" }
    #expect(before.count > 1000)
    #expect(after == before)
}

@Test func anotherSeedGivesOtherConnectionsAndSpikes() throws {
    let description = drivenBenchmark()
    #expect(connections(try Network(description: description, seed: 1)) != connections(try Network(description: description, seed: 2)))
    #expect(try runWhole(description, seed: 1, until: 200) != runWhole(description, seed: 2, until: 200))
}
