import Diagnostics
import EventCore
import Testing
@testable import SpikeNeurons

/// 10, 50, 0 and 20 Hz from 0, 200, 500 and 700 ms, spiking in [100, 900) ms.
private let schedule = ParameterValue.schedule(times: [0, 200, 500, 700], values: [10, 50, 0, 20])

/// (time, population node) of every spike of a scheduled population of
/// `size` nodes to 1,000 ms, built as `partition`.
private func spikes(size: Int, partition: Partition = .whole, seed: UInt64 = 5) throws -> [(time: Double, node: Int)] {
    var network = try Network(
        description: NetworkDescription(populations: [.poisson("drive", size: size, rate: schedule, start: 100, stop: 900)], projections: []),
        seed: seed, partition: partition)
    let collector = SpikeCollector(populationCount: 1)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: 1000)
    return zip(collector.times[0], collector.nodes[0]).map { ($0, Int($1)) }
}

/// Spikes per window against the schedule: 2,000 nodes give 2,000, 30,000
/// and 8,000 expected spikes in the windows of 10, 50 and 20 Hz (within 5
/// Poisson standard deviations), and none before start, in the silent
/// segment or from stop on. (Seen red with every segment at the first
/// rate, 30,000 becoming 6,000, and with start and stop ignored.)
@Test func scheduledPoissonCountsFollowTheRateInEverySegment() throws {
    let times = try spikes(size: 2000).map(\.time)
    func count(_ window: Range<Double>) -> Int { times.filter { window.contains($0) }.count }
    for (window, expected) in [(100.0..<200.0, 2000.0), (200..<500, 30_000), (700..<900, 8000)] {
        let counted = Double(count(window))
        #expect(abs(counted - expected) < 5 * expected.squareRoot(), "\(window): \(counted) spikes, expected \(expected)")
    }
    #expect(count(0..<100) == 0 && count(500..<700) == 0 && count(900..<1000) == 0)
    #expect(times.min()! >= 100 && times.max()! < 900)
}

/// Each node's spikes are its own stream's: built in parts, the nodes spike
/// at the same times as in the whole population.
@Test(arguments: [2, 3])
func scheduledPoissonSpikesAreTheSameInParts(parts: Int) throws {
    let whole = try spikes(size: 101).sorted { ($0.node, $0.time) < ($1.node, $1.time) }
    let joined = try (0..<parts).flatMap { try spikes(size: 101, partition: Partition(part: $0, of: parts)) }
        .sorted { ($0.node, $0.time) < ($1.node, $1.time) }
    #expect(whole.count > 1000)
    #expect(joined.map(\.node) == whole.map(\.node) && joined.map(\.time.bitPattern) == whole.map(\.time.bitPattern))
}

/// A rate without steps, start or stop draws what a constant-rate source
/// always drew: the first spike at one exponential interval, the next one
/// interval later (the streams and bits of every earlier run are kept).
@Test func aConstantRateDrawsAsBefore() throws {
    var network = try Network(description: NetworkDescription(populations: [.poisson("drive", size: 1, rate: 40)], projections: []), seed: 2)
    var random = Xoshiro256StarStar(seed: 2, key: StreamKey("poisson").with("drive").with(UInt64(0)))
    var expected: [Double] = [random.exponential(mean: 1000 / 40)]
    for _ in 0..<20 { expected.append(expected.last! + random.exponential(mean: 1000 / 40)) }
    var emitted: [Double] = []
    for _ in 0..<21 {
        emitted.append(network.nextEventTime())
        network.processNextEvent()
    }
    #expect(emitted.map(\.bitPattern) == expected.map(\.bitPattern))
}

/// Schedules and windows that make no sense are refused, naming the field.
@Test func impossibleSchedulesAreRefused() throws {
    func refusal(_ rate: ParameterValue, start: Double = 0, stop: Double? = nil) -> String {
        let description = NetworkDescription(populations: [.poisson("drive", size: 3, rate: rate, start: start, stop: stop)], projections: [])
        do { try description.validate() } catch { return error.description }
        return "accepted"
    }
    #expect(refusal(.schedule(times: [5, 10], values: [1, 2])) == "population[0].rate.times[0]: must be 0 ms (the first value holds from the start)")
    #expect(refusal(.schedule(times: [0, 10, 10], values: [1, 2, 3])).hasPrefix("population[0].rate.times[2]: must be finite and after times[1]"))
    #expect(refusal(.schedule(times: [0, 10], values: [1])) == "population[0].rate: needs one value per time (2 times, 1 values)")
    #expect(refusal(.schedule(times: [0, 10], values: [1, -2])) == "population[0].rate.values[1]: must be in [0, 1000000] Hz, got -2.0 Hz")
    #expect(refusal(.scalar(5), start: 100, stop: 100) == "population[0].stop: must be after start")
    #expect(refusal(.scalar(5), start: -1) == "population[0].start: must be >= 0 ms, got -1.0 ms")
    #expect(refusal(.schedule(times: [0, 10], values: [1, 2]), start: 5, stop: 20) == "accepted")
}
