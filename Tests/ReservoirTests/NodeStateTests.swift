import Oscillators
import Reservoir
import Testing

/// The node states are the device's power at the end of each current step:
/// checked against an independent integration of dp/dt = 2 p (a - b p) (RK4,
/// 20,000 steps per node, error ~1e-14) and against the logistic's fixed point.
@Test func nodeStatesFollowTheDevicePowerEquation() {
    var parameters = ReservoirParameters()
    parameters.nodes = 7
    parameters.inputScaling = 3
    let reservoir = OscillatorReservoir(parameters: parameters, features: 3)
    let frames = FeatureFrames(channels: 3, values: [0.1, 0.9, 0.4, 1, 0, 0.7])
    let states = reservoir.states(frames)
    #expect(states.channels == 7 && states.frameCount == 2)

    let device = parameters.device
    var inputs = [Double](repeating: 0, count: 7)
    var power = device.stationaryPower(atCurrent: parameters.biasCurrent)
    var worst = 0.0
    for k in 0..<2 {
        reservoir.mask!.apply(frames.frame(k), into: &inputs)
        for n in 0..<7 {
            let current = parameters.biasCurrent + parameters.inputScaling * inputs[n]
            let sigmaI = device.spinTransferEfficiency * current
            let a = sigmaI - device.dampingRate, b = sigmaI + device.dampingRate * device.nonlinearDamping
            func rate(_ p: Double) -> Double { 2 * p * (a - b * p) }
            let steps = 20_000, h = parameters.nodeDuration / Double(steps)
            for _ in 0..<steps {
                let k1 = rate(power), k2 = rate(power + h / 2 * k1), k3 = rate(power + h / 2 * k2), k4 = rate(power + h * k3)
                power += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
            }
            worst = max(worst, abs(states.values[k * 7 + n] - power) / power)
        }
    }
    #expect(worst < 1e-10, "largest relative difference \(worst)")
    // The inputs moved the power: the nodes are not all at the free-running value.
    let p0 = device.stationaryPower(atCurrent: parameters.biasCurrent)
    #expect(states.values.contains { abs($0 - p0) > 0.01 * p0 })
}

/// A node held long enough relaxes to p0 of its own current; a short one
/// keeps memory of the node before it (the coupling between nodes).
@Test func nodesRelaxWithTheAmplitudeRelaxationTime() {
    var parameters = ReservoirParameters()
    parameters.nodes = 2
    let frames = FeatureFrames(channels: 1, values: [1])
    parameters.nodeDuration = 20 // µs, 50 relaxation times at 6 mA
    let long = OscillatorReservoir(parameters: parameters, features: 1)
    var inputs = [0.0, 0.0]
    long.mask!.apply(frames.frame(0), into: &inputs)
    let states = long.states(frames)
    for n in 0..<2 {
        let current = parameters.biasCurrent + parameters.inputScaling * inputs[n]
        let p0 = parameters.device.stationaryPower(atCurrent: current)
        #expect(abs(states.values[n] - p0) < 1e-12 * p0)
    }
    parameters.nodeDuration = 0.01
    let short = OscillatorReservoir(parameters: parameters, features: 1).states(frames)
    let start = parameters.device.stationaryPower(atCurrent: parameters.biasCurrent)
    // After 0.01 µs (1/40 of the relaxation time) the power has moved by only a few per cent.
    #expect(abs(short.values[0] - start) < 0.05 * start && short.values[0] != start)
}

@Test func linearControlIsTheMaskedInput() {
    var parameters = ReservoirParameters()
    parameters.element = .linear
    parameters.nodes = 5
    let reservoir = OscillatorReservoir(parameters: parameters, features: 2)
    let frames = FeatureFrames(channels: 2, values: [0.3, 0.8])
    var inputs = [Double](repeating: 0, count: 5)
    reservoir.mask!.apply(frames.frame(0), into: &inputs)
    #expect(reservoir.states(frames).values == inputs)
    // m_n = (1 / sqrt(F)) sum_f M_nf (u_f - 1/2) with M = +-1: |m_n| = (0.2 +- 0.3) / sqrt 2.
    #expect(inputs.allSatisfy { abs(abs($0) - 0.5 / 2.0.squareRoot()) < 1e-15 || abs(abs($0) - 0.1 / 2.0.squareRoot()) < 1e-15 })
    parameters.element = .none
    #expect(OscillatorReservoir(parameters: parameters, features: 2).states(frames) == frames)
}

@Test func maskIsFixedBySeed() {
    let a = InputMask(kind: .binary, nodes: 50, features: 8, seed: 3)
    #expect(a == InputMask(kind: .binary, nodes: 50, features: 8, seed: 3))
    #expect(a != InputMask(kind: .binary, nodes: 50, features: 8, seed: 4))
    let positives = a.weights.filter { $0 > 0 }.count
    #expect(positives > 150 && positives < 250)
    #expect(InputMask(kind: .uniform, nodes: 50, features: 8, seed: 3).weights.allSatisfy { abs($0) <= 1 / 8.0.squareRoot() })
}

@Test func reservoirParametersAreValidated() {
    var p = ReservoirParameters()
    #expect(throws: Never.self) { try p.validate() }
    p.biasCurrent = 3
    #expect(throws: (any Error).self) { try p.validate() }
    p = ReservoirParameters()
    p.nodeDuration = .nan
    #expect(throws: (any Error).self) { try p.validate() }
    p = ReservoirParameters()
    p.nodes = 0
    #expect(throws: (any Error).self) { try p.validate() }
}
