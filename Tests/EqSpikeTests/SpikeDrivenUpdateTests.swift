import EqSpike
import TestSupport
import Testing

/// The summed spike-triggered updates of a nudged phase are exactly the EP
/// update r_i^beta r_j^beta - r_i^0 r_j^0 on the quantised levels (all values
/// are multiples of 1/256, so Double sums are exact).
@Test(arguments: [UInt64(1), 2, 3])
func spikeTriggeredUpdatesEqualTheQuantisedEPUpdateExactly(seed: UInt64) {
    let model = randomModel([6, 5, 4, 3], seed: seed, scale: 0.8, biasScale: 0.3)
    let input = dyadicInput(count: 6, seed: seed)
    var settings = EqSpikeSettings()
    settings.quantum = 1.0 / 16
    var network = SpikingEquilibriumNetwork(model: model, settings: settings)
    _ = network.settleFree(input: input, model: model)
    let free = products(spikingLevels(network, input: input), model: model)
    #expect(network.gradient.isZero, "the free phase must not learn")

    network.nudge(beta: 0.5, label: 1, model: model)
    let plus = products(spikingLevels(network, input: input), model: model)
    #expect(network.counters.nudgedSpikes > 0, "the nudge must make spikes for the test to mean anything")
    #expect(network.gradient.weights == zip(plus.0, free.0).map { $0 - $1 })
    #expect(network.gradient.biases == zip(plus.1, free.1).map { $0 - $1 })

    network.nudge(beta: -0.5, label: 1, model: model)
    let minus = products(spikingLevels(network, input: input), model: model)
    #expect(network.gradient.weights == zip(plus.0, minus.0).map { $0 - $1 })
    #expect(network.gradient.biases == zip(plus.1, minus.1).map { $0 - $1 })
}

/// As the quantum shrinks, the spiking EP update (symmetric nudging) tends to
/// the rate-based one.
@Test func spikingUpdateConvergesToTheRateUpdateAsTheQuantumShrinks() {
    let model = randomModel([8, 6, 3], seed: 5, scale: 0.5, biasScale: 0.1)
    let input = dyadicInput(count: 8, seed: 5)
    var rateSettings = EqSpikeSettings()
    rateSettings.rateTolerance = 1e-13
    var rate = RateEquilibriumNetwork(model: model, settings: rateSettings)
    _ = rate.settleFree(input: input, model: model)
    rate.learn(label: 2, model: model)
    let reference = rate.gradient.weights + rate.gradient.biases
    let norm = reference.map { $0 * $0 }.reduce(0, +).squareRoot()
    #expect(norm > 0.01)

    var errors: [Double] = []
    for quantum in [1.0 / 4, 1.0 / 16, 1.0 / 64, 1.0 / 256, 1.0 / 1024] {
        var settings = EqSpikeSettings()
        settings.quantum = quantum
        var spiking = SpikingEquilibriumNetwork(model: model, settings: settings)
        _ = spiking.settleFree(input: input, model: model)
        spiking.learn(label: 2, model: model)
        let update = spiking.gradient.weights + spiking.gradient.biases
        errors.append(zip(update, reference).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / norm)
    }
    #expect(errors.last! < 0.02, "relative errors \(errors)")
    #expect(errors.last! < errors.first! / 10, "relative errors \(errors)")
}

/// Rate-based EP with small beta estimates the gradient of the cost at the
/// free equilibrium, dC/dW = -G / (2 beta), checked by central finite differences.
@Test func epUpdateForSmallBetaMatchesTheFiniteDifferenceGradient() {
    let model = randomModel([4, 3, 2], seed: 11, scale: 0.15, biasScale: 0.1)
    var model2 = model
    for j in 0..<model2.biases.count { model2.biases[j] += 0.4 }  // keep every state inside (0, 1)
    let input = [0.25, 0.5, 0.75, 1.0]
    let label = 1
    var settings = EqSpikeSettings()
    settings.rateTolerance = 1e-15
    settings.maximumSweeps = 100_000
    settings.nudgingStrength = 1e-4

    func cost(_ model: LayeredEnergyModel) -> Double {
        var network = RateEquilibriumNetwork(model: model, settings: settings)
        _ = network.settleFree(input: input, model: model)
        let states = network.state
        #expect(states.allSatisfy { $0 > 0 && $0 < 1 }, "states must stay inside the box: \(states)")
        return network.cost(label: label)
    }
    var network = RateEquilibriumNetwork(model: model2, settings: settings)
    _ = network.settleFree(input: input, model: model2)
    network.learn(label: label, model: model2)
    let estimate = (network.gradient.weights + network.gradient.biases).map { -$0 / (2 * settings.nudgingStrength) }

    let differences = centralDifferences(of: cost, at: model2)
    let scale = differences.map(abs).max()!
    #expect(scale > 1e-3)
    for (e, d) in zip(estimate, differences) {
        #expect(abs(e - d) <= 1e-3 * scale, "EP \(e) vs finite difference \(d)")
    }
}

/// The timing signature receives every update of a synapse between spiking
/// neurons (a neighbour with a nonzero level has spiked), so its total is
/// the non-input part of the gradient times 1 / (2 beta).
@Test func signatureRecordsEveryUpdateBetweenSpikingNeurons() {
    let model = randomModel([6, 5, 4, 3], seed: 4, scale: 0.8, biasScale: 0.3)
    let input = dyadicInput(count: 6, seed: 4)
    var network = SpikingEquilibriumNetwork(model: model, settings: EqSpikeSettings())
    network.signature = STDPSignature(halfRange: 1e6, binCount: 8)
    _ = network.settleFree(input: input, model: model)
    network.learn(label: 0, model: model)
    let signature = network.signature
    #expect(signature.outsideRange == 0)
    let nonInput = network.gradient.weights[model.weightOffsets[1]...].reduce(0, +) / (2 * 0.5)
    let recorded = signature.weightChange.reduce(0, +)
    #expect(signature.updateCount.reduce(0, +) > 0)
    #expect(abs(recorded - nonInput) < 1e-12, "signature \(recorded) vs gradient \(nonInput)")
    let pairs = signature.updateCount.reduce(0, +)
    let nonzero = network.gradient.weights[model.weightOffsets[1]...].filter { $0 != 0 }.count
    #expect(pairs >= UInt64(nonzero), "every nonzero non-input update has at least one recorded pair")
}

/// The spiking EP update's bias against the true gradient of the cost at
/// the free equilibrium (central finite differences of the rate network's
/// cost), with symmetric nudging beta = 0.05: it shrinks as the quantum
/// theta shrinks: 34 % of the gradient's norm at theta = 1/16, under 1 % at 1/1024.
@Test func spikingEPBiasAgainstTheTrueGradientShrinksWithTheQuantum() {
    var model = randomModel([4, 3, 2], seed: 11, scale: 0.15, biasScale: 0.1)
    for j in 0..<model.biases.count { model.biases[j] += 0.4 }  // keep every state inside (0, 1)
    let input = [0.25, 0.5, 0.75, 1.0]
    let label = 1
    var rateSettings = EqSpikeSettings()
    rateSettings.rateTolerance = 1e-15
    rateSettings.maximumSweeps = 100_000
    func cost(_ model: LayeredEnergyModel) -> Double {
        var network = RateEquilibriumNetwork(model: model, settings: rateSettings)
        _ = network.settleFree(input: input, model: model)
        return network.cost(label: label)
    }
    let gradient = centralDifferences(of: cost, at: model)
    let norm = gradient.map { $0 * $0 }.reduce(0, +).squareRoot()
    #expect(norm > 1e-3)
    var errors: [Double] = []
    for quantum in [1.0 / 16, 1.0 / 64, 1.0 / 256, 1.0 / 1024] {
        var settings = EqSpikeSettings()
        settings.quantum = quantum
        settings.nudgingStrength = 0.05
        var network = SpikingEquilibriumNetwork(model: model, settings: settings)
        _ = network.settleFree(input: input, model: model)
        network.learn(label: label, model: model)
        let estimate = (network.gradient.weights + network.gradient.biases).map { -$0 / (2 * settings.nudgingStrength) }
        errors.append(zip(estimate, gradient).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot() / norm)
    }
    // Measured: 0.34, 0.24, 0.049, 0.0086.
    #expect(errors.last! < 0.03, "relative errors \(errors)")
    #expect(zip(errors, errors.dropFirst()).allSatisfy { $1 < $0 }, "relative errors \(errors)")
}

/// dC/dp for every weight, then every bias, by central differences of
/// +-0.01 (the step as the Float parameters store it).
private func centralDifferences(of cost: (LayeredEnergyModel) -> Double, at model: LayeredEnergyModel) -> [Double] {
    (0..<(model.weights.count + model.biases.count)).map { index in
        var plus = model, minus = model
        let h: Float = 1e-2
        let delta: Double
        if index < model.weights.count {
            plus.weights[index] += h
            minus.weights[index] -= h
            delta = Double(plus.weights[index]) - Double(minus.weights[index])
        } else {
            let b = index - model.weights.count
            plus.biases[b] += h
            minus.biases[b] -= h
            delta = Double(plus.biases[b]) - Double(minus.biases[b])
        }
        return (cost(plus) - cost(minus)) / delta
    }
}
