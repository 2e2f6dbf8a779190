#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How much a pulse from another oscillator moves an oscillator's phase,
/// as a function of the receiver's phase theta (in cycles, [0, 1)).
///
/// Z(theta) = -[sine * sin(2 pi theta) + cosine * (1 - cos(2 pi theta))] / (2 pi).
/// A pulse of coupling strength eps moves the receiver by eps * Z(theta).
/// The default (sine 1, cosine 0) is the sinusoidal curve of the design note:
/// with eps > 0 a receiver slightly ahead (theta just above 0) is pulled back
/// and one slightly behind is pushed forward, so pairs lock in phase.
///
/// Averaged over a cycle, two oscillators of mean frequency f with coupling
/// eps both ways obey d(psi)/dt = detuning + eps f [Z(psi) - Z(-psi)] for
/// their phase difference psi; only the odd part of Z, -sine sin(2 pi psi) / (2 pi),
/// survives, so they lock while |detuning| <= eps f |sine| / pi
/// (`lockingRange(coupling:frequency:)`).
public struct PhaseResponseCurve: Sendable, Equatable, Codable {
    /// Amplitude of the odd (sine) harmonic, dimensionless.
    public var sine: Double
    /// Amplitude of the even (1 - cos) harmonic, dimensionless; it shifts the
    /// common frequency of a locked group but does not widen the locking range.
    public var cosine: Double

    public init(sine: Double = 1, cosine: Double = 0) {
        self.sine = sine
        self.cosine = cosine
    }

    /// Z(theta) for a phase in cycles (any real: only its fractional part matters).
    @inlinable
    public func response(atPhase theta: Double) -> Double {
        let angle = 2 * Double.pi * (theta - theta.rounded(.down))
        // Skipping the even harmonic when it is absent saves a cosine per pulse.
        let even = cosine == 0 ? 0 : cosine * (1 - cos(angle))
        return -(sine * sin(angle) + even) / (2 * Double.pi)
    }

    /// Widest detuning (MHz) that two oscillators of mean frequency `frequency`
    /// (MHz), coupled both ways with pulse strength `coupling`, can lock across,
    /// to first order in the coupling: eps f |sine| / pi.
    public func lockingRange(coupling: Double, frequency: Double) -> Double {
        coupling * frequency * abs(sine) / Double.pi
    }
}
