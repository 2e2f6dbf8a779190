/// A run stopped by a signal after closing its outputs; the command exits
/// with 128 + `signal` (130 for SIGINT, 143 for SIGTERM).
public struct Interrupted: Error, Sendable {
    public let signal: Int32
    public var exitStatus: Int32 { 128 + signal }

    public init(signal: Int32) { self.signal = signal }
}
