import Oscillators
import Diagnostics

/// One spin-torque oscillator, time-multiplexed into `nodes` virtual nodes
/// of `nodeDuration` each per frame, and what replaces it in the controls.
public struct ReservoirParameters: Sendable, Equatable, Codable {
    /// What turns a node's current into its state.
    public enum Element: String, Sendable, Equatable, Codable, CaseIterable {
        /// The device's power at the end of each node (the reservoir).
        case oscillator
        /// Control: the node's input m_n itself, a linear, memoryless element.
        case linear
        /// Control: no reservoir; the read-out sees the frame's features.
        case none
    }

    public var element: Element = .oscillator
    /// N, virtual nodes per frame. Torrejon et al. used 400; on spoken digits
    /// the read-out keeps gaining from more (README: 93.7 % at 400, 95.9 % at
    /// 800, 96.6 % at 1600 on development folds), and 1600 still runs the
    /// 5-fold evaluation of the 2,700 FSDD recordings within two minutes.
    public var nodes = 1600
    /// theta, how long each node's current is held (µs): 0.4 µs, two
    /// amplitude relaxation times at the default bias (1 / (2 Gamma_G (zeta - 1)) = 0.2 µs).
    public var nodeDuration = 0.4
    /// I_dc (mA) and Delta I (mA per unit of m_n): node n's current is I_dc + Delta I m_n.
    /// At 8 mA (zeta = 2) and 8 mA per unit, the nodes' currents cross the
    /// 4 mA threshold often: the threshold is the strongest nonlinearity the device has.
    public var biasCurrent = 8.0
    public var inputScaling = 8.0
    public var maskKind: InputMask.Kind = .binary
    public var maskSeed: UInt64 = 1
    public var device: DeviceParameters = .vortex

    public init() {}

    public func validate() throws(InputError) {
        func fail(_ field: String, _ message: String) -> InputError { InputError(field: field, message: message) }
        guard (1...10_000).contains(nodes) else { throw fail("nodes", "must be 1 to 10000 (got \(nodes))") }
        guard nodeDuration.isFinite, nodeDuration > 0, nodeDuration <= 1000 else {
            throw fail("nodeDuration", "must be a positive time up to 1000 µs (got \(nodeDuration))")
        }
        guard biasCurrent.isFinite, biasCurrent > 0 else { throw fail("biasCurrent", "must be a positive current in mA (got \(biasCurrent))") }
        guard inputScaling.isFinite, inputScaling >= 0 else { throw fail("inputScaling", "must be >= 0 mA (got \(inputScaling))") }
        do { try device.validate() } catch { throw error.inside(field: "device") }
        guard biasCurrent > device.thresholdCurrent else {
            throw fail("biasCurrent", "\(biasCurrent) mA is not above the device's threshold \(device.thresholdCurrent) mA: it would not oscillate")
        }
    }

    /// Values per frame the read-out sees.
    public func stateCount(features: Int) -> Int { element == .none ? features : nodes }
}
