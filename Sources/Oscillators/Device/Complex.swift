/// A complex number, for the device's amplitude c. Four operators are all the
/// integrator needs, so this stays a local type rather than a dependency.
public struct Complex: Sendable, Equatable, Codable {
    public var re: Double
    public var im: Double

    @inline(__always) public init(_ re: Double, _ im: Double) {
        self.re = re
        self.im = im
    }

    public static let zero = Complex(0, 0)

    /// exp(i angle).
    @inline(__always) public static func unit(_ angle: Double) -> Complex { Complex(cos(angle), sin(angle)) }

    @inline(__always) public var magnitudeSquared: Double { re * re + im * im }
    @inline(__always) public var conjugate: Complex { Complex(re, -im) }
    /// The argument in (-pi, pi].
    @inline(__always) public var argument: Double { atan2(im, re) }

    @inline(__always) public static func + (a: Complex, b: Complex) -> Complex { Complex(a.re + b.re, a.im + b.im) }
    @inline(__always) public static func - (a: Complex, b: Complex) -> Complex { Complex(a.re - b.re, a.im - b.im) }
    @inline(__always) public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
    }
    @inline(__always) public static func * (s: Double, a: Complex) -> Complex { Complex(s * a.re, s * a.im) }
    @inline(__always) public static func += (a: inout Complex, b: Complex) { a = a + b }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
