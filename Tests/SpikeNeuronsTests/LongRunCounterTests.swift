import EventCore
import Testing
@testable import SpikeNeurons

/// Counters are 64-bit: a run restored with every
/// counter past 2^32 keeps counting and keeps its event order.
@Test func countersPast32BitsKeepCountingAndOrdering() throws {
    let description = NetworkDescription.benchmark4(neurons: 400, connectionProbability: 0.2)
    var reference = Simulation(system: try Network(description: description, seed: 2))
    reference.run(until: 50)
    var state = reference.system.state
    let offset: UInt64 = 1 << 33
    state.synapticEvents += offset
    state.spikeCounts = state.spikeCounts.map { $0 + offset }
    var shifted = try Network(description: description, seed: 2)
    try shifted.restore(state)
    var large = Simulation(system: shifted, startTime: 50, eventsProcessed: reference.eventsProcessed + offset)

    let expected = SpikeCollector(populationCount: 2), observed = SpikeCollector(populationCount: 2)
    reference.system.spikeSinks = [expected]
    large.system.spikeSinks = [observed]
    reference.run(until: 150)
    large.run(until: 150)
    #expect(observed.times == expected.times && observed.nodes == expected.nodes)
    #expect(large.eventsProcessed == reference.eventsProcessed + offset)
    #expect(large.system.synapticEvents == reference.system.synapticEvents + offset)
    #expect(large.system.spikeCounts == reference.system.spikeCounts.map { $0 + offset })
    #expect(large.system.totalSpikes > UInt64(UInt32.max))
}

@Test func eventQueueSequencesPast32Bits() {
    var queue = EventQueue(events: [], nextSequence: (1 << 32) - 2)
    for target in 0..<5 { queue.push(time: 1, target: UInt64(target)) }
    #expect((0..<5).map { _ in queue.popFirst()!.target } == [0, 1, 2, 3, 4])
    #expect(queue.nextSequence == (1 << 32) + 3)
}
