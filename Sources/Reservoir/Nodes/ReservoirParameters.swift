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
    /// N, virtual nodes per frame (Torrejon et al.: 400).
    public var nodes = 400
    /// theta, how long each node's current is held (µs).
    public var nodeDuration = 0.1
    /// I_dc (mA) and Delta I (mA per unit of m_n): node n's current is I_dc + Delta I m_n.
    public var biasCurrent = 6.0
    public var inputScaling = 2.0
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
