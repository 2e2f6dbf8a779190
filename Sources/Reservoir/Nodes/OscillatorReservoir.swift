import Oscillators

/// The node states of one utterance.
///
/// The oscillator runs through the whole utterance from its free-running
/// power at I_dc: frame k's nodes are its masked inputs m_n as currents
/// I_n = max(0, I_dc + Delta I m_n), held theta each, one after another, and
/// node n's state is the power at the end of its step. Between steps the
/// power follows the logistic closed form of `ConstantCurrentSolution`
/// exactly, so the states are the device's to rounding, with no step size;
/// the relaxation time 1 / (2 Gamma_G (zeta - 1)) (0.2 µs at the default
/// 8 mA, half a node) is what couples a node to the ones before it. The
/// source is unipolar: a node asking below 0 mA gets 0 mA (at the defaults,
/// m_n below -1; README gives the share of such nodes).
public struct OscillatorReservoir: Sendable {
    public let parameters: ReservoirParameters
    public let mask: InputMask?

    /// A reservoir for frames of `features` values.
    public init(parameters: ReservoirParameters, features: Int) {
        self.parameters = parameters
        mask = parameters.element == .none
            ? nil : InputMask(kind: parameters.maskKind, nodes: parameters.nodes, features: features, seed: parameters.maskSeed)
    }

    public var stateCount: Int { mask?.nodes ?? 0 }

    /// The current of every node (mA), frame-major as `states`: the drive the
    /// oscillator sees (for traces; `states` computes it on the fly).
    public func currents(_ frames: FeatureFrames) -> FeatureFrames? {
        guard let mask else { return nil }
        var values = [Double](repeating: 0, count: frames.frameCount * mask.nodes)
        var inputs = [Double](repeating: 0, count: mask.nodes)
        for k in 0..<frames.frameCount {
            mask.apply(frames.frame(k), into: &inputs)
            for node in 0..<mask.nodes {
                values[k * mask.nodes + node] = max(0, parameters.biasCurrent + parameters.inputScaling * inputs[node])
            }
        }
        return FeatureFrames(channels: mask.nodes, values: values)
    }

    /// States of every frame (frame-major, `stateCount(features:)` per frame).
    public func states(_ frames: FeatureFrames) -> FeatureFrames {
        guard let mask else { return frames }
        let n = mask.nodes
        var values = [Double](repeating: 0, count: frames.frameCount * n)
        var inputs = [Double](repeating: 0, count: n)
        let p = parameters
        var power = p.device.stationaryPower(atCurrent: p.biasCurrent)
        for k in 0..<frames.frameCount {
            mask.apply(frames.frame(k), into: &inputs)
            switch p.element {
            case .oscillator:
                for node in 0..<n {
                    let current = max(0, p.biasCurrent + p.inputScaling * inputs[node])
                    power = ConstantCurrentSolution(device: p.device, current: current, initialPower: power)
                        .power(after: p.nodeDuration)
                    values[k * n + node] = power
                }
            case .linear:
                for node in 0..<n { values[k * n + node] = inputs[node] }
            case .none:
                preconditionFailure("no mask without a reservoir")
            }
        }
        return FeatureFrames(channels: n, values: values)
    }
}
