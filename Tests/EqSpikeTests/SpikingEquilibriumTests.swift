import EqSpike
import TestSupport
import EventCore
import Testing

/// A free phase from rest ends with no pending crossing, after at most
/// (F(0) - lower bound of F) / (theta * h) spikes: every spike lowers the
/// quantised energy by more than theta * h (h = hysteresis in level units).
@Test(arguments: [UInt64(1), 2, 3, 4])
func freePhaseReachesEquilibriumWithinTheEnergyBound(seed: UInt64) {
    let model = randomModel([20, 15, 10, 5], seed: seed, scale: 1.0, biasScale: 0.5)
    let input = dyadicInput(count: 20, seed: seed)
    var settings = EqSpikeSettings()
    settings.quantum = 1.0 / 16
    var network = SpikingEquilibriumNetwork(model: model, settings: settings)
    _ = network.settleFree(input: input, model: model)
    #expect(!network.hasPendingCrossing)
    #expect(network.counters.unconvergedPhases == 0)

    let h = settings.hysteresis * settings.quantum
    let spikes = Double(network.counters.freeSpikes)
    let energy = network.quantisedEnergy(model: model, input: input, beta: 0, label: nil)
    // F = 0 at rest; each spike lowers it by more than theta * h.
    #expect(spikes > 0)
    #expect(energy < -spikes * settings.quantum * h + 1e-9, "F = \(energy) after \(spikes) spikes")
    // Lower bound of F over the box (levels in [0, 1]): -sum |W| - sum |b|, inputs <= 1.
    let lowerBound = -model.weights.map { Double(abs($0)) }.reduce(0, +) - model.biases.map { Double(abs($0)) }.reduce(0, +)
    #expect(spikes <= -lowerBound / (settings.quantum * h))

    // Equilibrium, recomputed from scratch: every level is within half a quantum
    // (plus hysteresis) of its clipped drive.
    let levels = spikingLevels(network, input: input)
    for layer in 1..<model.layerSizes.count {
        for j in 0..<model.layerSizes[layer] {
            var drive = Double(model.biases[model.biasOffsets[layer - 1] + j])
            for i in 0..<model.layerSizes[layer - 1] {
                drive += Double(model.weights[model.weightOffsets[layer - 1] + j * model.layerSizes[layer - 1] + i])
                    * levels[layer - 1][i]
            }
            if layer + 1 < model.layerSizes.count {
                for m in 0..<model.layerSizes[layer + 1] {
                    drive += Double(model.weights[model.weightOffsets[layer] + m * model.layerSizes[layer] + j])
                        * levels[layer + 1][m]
                }
            }
            #expect(abs(drive - network.drives(layer: layer)[network.drives(layer: layer).startIndex + j]) < 1e-9)
            let settled = min(max(drive, 0), 1)
            #expect(abs(settled - levels[layer][j]) <= settings.quantum / 2 + h + 1e-12)
        }
    }
}

/// Nudged phases also settle, and lower F = E + beta C spike by spike.
@Test func nudgedPhasesSettleAndLowerTheirEnergy() {
    let model = randomModel([10, 8, 4], seed: 9, scale: 1.0, biasScale: 0.3)
    let input = dyadicInput(count: 10, seed: 9)
    var network = SpikingEquilibriumNetwork(model: model, settings: EqSpikeSettings())
    _ = network.settleFree(input: input, model: model)
    let freeEnergies = [0.5, -0.5].map { network.quantisedEnergy(model: model, input: input, beta: $0, label: 0) }
    for (beta, before) in zip([0.5, -0.5], freeEnergies) {
        let spikesBefore = network.counters.nudgedSpikes
        network.nudge(beta: beta, label: 0, model: model)
        #expect(!network.hasPendingCrossing)
        let after = network.quantisedEnergy(model: model, input: input, beta: beta, label: 0)
        let spikes = Double(network.counters.nudgedSpikes - spikesBefore)
        let h = 0.05 / 16
        #expect(after <= before - spikes * (1 - abs(beta)) * h / 16 + 1e-9)
    }
}

/// The network is an `EventDrivenSystem`: the kernel's own run loop settles
/// a free phase to the same levels and prediction as `settleFree`.
@Test func theKernelSimulationDrivesAFreePhase() {
    let model = randomModel([12, 9, 4], seed: 6, scale: 1.0, biasScale: 0.3)
    let input = dyadicInput(count: 12, seed: 6)
    var direct = SpikingEquilibriumNetwork(model: model, settings: EqSpikeSettings())
    let prediction = direct.settleFree(input: input, model: model)

    var network = SpikingEquilibriumNetwork(model: model, settings: EqSpikeSettings())
    network.beginFreePhase(input: input, model: model)
    var simulation = Simulation(system: network)
    #expect(simulation.runUntilQuiescent() == .quiescent)
    #expect(simulation.eventsProcessed == direct.counters.freeSpikes && simulation.eventsProcessed > 0)
    network = simulation.system
    #expect(network.finishFreePhase() == prediction)
    #expect(network.level == direct.level)
    #expect(network.clock == direct.clock)
}

/// Every spike of a free phase happens when its neuron's closed-form state
/// s_j(t) = tau_j + (s_j(t0) - tau_j) e^(-lambda (t - t0)) reaches its
/// threshold, r_j + theta/2 + h upwards or r_j - theta/2 - h downwards: the
/// spike times are the exact crossing times, not a time step's.
@Test func freePhaseSpikesFallWhereTheStateReachesItsThreshold() {
    let model = randomModel([12, 9, 6], seed: 21, scale: 1.0, biasScale: 0.4)
    let input = dyadicInput(count: 12, seed: 21)
    var settings = EqSpikeSettings()
    settings.quantum = 1.0 / 16
    var network = SpikingEquilibriumNetwork(model: model, settings: settings)
    network.beginFreePhase(input: input, model: model)
    let band = settings.quantum / 2 + settings.hysteresis * settings.quantum
    func levels() -> [Double] { (1..<model.layerSizes.count).flatMap { Array(network.levels(layer: $0)) } }
    var checked = 0, worst = 0.0
    while network.nextEventTime().isFinite && checked < 10_000 {
        let time = network.nextEventTime()
        let before = levels()
        // The closed-form state at the spike time, before the spike sets it to the threshold.
        let states = (0..<network.neuronCount).map { network.internalState($0, at: time) }
        network.processNextEvent()
        let after = levels()
        let moved = before.indices.filter { before[$0] != after[$0] }
        #expect(moved.count == 1, "one neuron spikes per event")
        guard let j = moved.first else { break }
        let threshold = after[j] > before[j] ? before[j] + band : before[j] - band
        worst = max(worst, abs(states[j] - threshold))
        checked += 1
    }
    #expect(checked > 20)
    #expect(worst < 1e-12, "largest |s_j(t_spike) - threshold| = \(worst)")
}
