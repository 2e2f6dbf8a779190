import EventCore
import Foundation
import Testing
@testable import SpikeNeurons

/// Quiet cells: rest -70 mV, threshold -50 mV, so a 25 mV jump from rest fires them at once.
private let quiet = LIFParameters(
    membraneTimeConstant: 20, restingPotential: -70, thresholdPotential: -50,
    resetPotential: -70, refractoryPeriod: 5)

private func cells(_ name: String, _ size: Int, _ parameters: LIFParameters = quiet, v0: Double = -70) -> PopulationDescription {
    .lif(name, size: size, parameters, initialPotential: .scalar(v0))
}

private func input(_ name: String, _ times: [[Double]]) -> PopulationDescription {
    .spikeTimes(name, times)
}

private func link(_ source: String, _ target: String, _ weight: Double, delay: Double) -> ProjectionDescription {
    ProjectionDescription(source: source, target: target, connectivity: .oneToOne, weight: weight, delay: delay)
}

private func run(_ populations: [PopulationDescription], _ projections: [ProjectionDescription], until end: Double) throws -> SpikeCollector {
    var network = try Network(description: NetworkDescription(populations: populations, projections: projections), seed: 7)
    let collector = SpikeCollector(populationCount: populations.count)
    network.spikeSinks = [collector]
    var simulation = Simulation(system: network)
    simulation.run(until: end)
    return collector
}

@Test func threeNeuronChainFiresAfterEachDelay() throws {
    let spikes = try run(
        [input("in", [[1.0]]), cells("a", 1), cells("b", 1)],
        [link("in", "a", 25, delay: 0.5), link("a", "b", 25, delay: 2.25)],
        until: 100)
    #expect(spikes.times[0] == [1.0])
    #expect(spikes.times[1] == [1.5])
    #expect(spikes.times[2] == [3.75])
}

@Test func tonicNeuronDrivesQuietNeuronAtClosedFormTimes() throws {
    // a: E_L = -49 > V_th, from V0 = -60 first crossing at 20 ln 11, then every 5 + 20 ln 11.
    let spikes = try run(
        [cells("a", 1, .benchmark4, v0: -60), cells("b", 1)],
        [link("a", "b", 25, delay: 1.5)],
        until: 160)
    let first = 20 * log(11.0)
    let period = 5 + first
    #expect(spikes.times[0].count == 3)
    for (k, time) in spikes.times[0].enumerated() { #expect(abs(time - (first + Double(k) * period)) < 1e-12) }
    for (k, time) in spikes.times[1].enumerated() { #expect(abs(time - (first + Double(k) * period + 1.5)) < 1e-12) }
}

@Test func subthresholdInputsSumWithExactDecay() throws {
    // Two 12 mV jumps 8 ms apart: V = -70 + 12 e^{-8/20} + 12 = -49.956 mV >= -50, fires.
    // 9 ms apart: V = -70 + 12 e^{-9/20} + 12 = -50.35 mV, stays silent.
    let fires = try run([input("in", [[1, 9]]), cells("a", 1)], [link("in", "a", 12, delay: 0)], until: 50)
    #expect(fires.times[1] == [9])
    let silent = try run([input("in", [[1, 10]]), cells("a", 1)], [link("in", "a", 12, delay: 0)], until: 50)
    #expect(silent.times[1].isEmpty)
}

@Test func inputsDuringRefractoryPeriodAreIgnored() throws {
    // a fires at 1.5 (input at 1.0, delay 0.5) and is refractory during [1.5, 6.5).
    // Input arriving at 3.5: ignored. At exactly 6.5: accepted, fires. At 12.0 (refractory until 11.5): fires.
    let spikes = try run(
        [input("in", [[1.0, 3.0, 6.0, 11.5]]), cells("a", 1)],
        [link("in", "a", 25, delay: 0.5)],
        until: 50)
    #expect(spikes.times[1] == [1.5, 6.5, 12.0])
}

@Test func simultaneousArrivalsAreAllAppliedBeforeAThresholdCrossing() throws {
    // +25 mV and -25 mV arrive together at 5 ms. If the crossing caused by the
    // first were emitted before the second arrival was applied, a would spike.
    let spikes = try run(
        [input("excite", [[4.0]]), input("inhibit", [[4.0]]), cells("a", 1)],
        [link("excite", "a", 25, delay: 1.0), link("inhibit", "a", -25, delay: 1.0)],
        until: 50)
    #expect(spikes.times[2].isEmpty)
}

@Test func simultaneousEmissionsFollowPopulationThenNodeOrder() throws {
    let network = try Network(
        description: NetworkDescription(
            populations: [input("first", [[2.0], [1.0], [2.0]]), input("second", [[2.0], [2.0]])], projections: []),
        seed: 1)
    final class Order: SpikeSink {
        var seen: [String] = []
        func record(time: Double, population: Int, node: UInt64) { seen.append("\(time):\(population):\(node)") }
    }
    let order = Order()
    var simulation = Simulation(system: network)
    simulation.system.spikeSinks = [order]
    simulation.run(until: 10)
    #expect(order.seen == ["1.0:0:1", "2.0:0:0", "2.0:0:2", "2.0:1:0", "2.0:1:1"])
}
