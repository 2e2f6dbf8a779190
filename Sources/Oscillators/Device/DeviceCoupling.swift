import Diagnostics

/// How the devices of an array drive one another, in the rotating-wave
/// approximation: device i receives F_i = sum_j K_ij c_j (1/µs), with K a
/// complex matrix (strength and phase per pair).
///
/// `series`: devices in series on one line (the binding experiment). Each
/// device's RF voltage is proportional to Re c_j = sqrt(p_j) cos psi_j; the
/// summed RF current flows through every device, so K_ij = strength
/// exp(i phase) for every pair i != j. A device's own RF current only
/// renormalises its frequency and damping, which its parameters already
/// describe, so K_ii = 0. Two identical devices of nonlinearity nu lock
/// across detunings |f_1 - f_2| <= 2 strength sqrt(1 + nu^2) |cos(phase - atan nu)| / (2 pi) MHz
/// (the adiabatic phase reduction, tested), widest at phase = atan nu, where
/// the locked state is in phase.
public struct DeviceCoupling: Sendable, Equatable, Codable {
    /// K_ij, row i (receiver) major: count x count.
    public private(set) var matrix: [Complex]
    public let count: Int

    public init(count: Int, matrix: [Complex]) {
        precondition(matrix.count == count * count, "a count x count coupling matrix")
        self.count = count
        self.matrix = matrix
    }

    public static func none(count: Int) -> DeviceCoupling {
        DeviceCoupling(count: count, matrix: Array(repeating: .zero, count: count * count))
    }

    /// Devices in series: K_ij = strength exp(i phase) for i != j.
    public static func series(count: Int, strength: Double, phase: Double) -> DeviceCoupling {
        let k = strength * Complex.unit(phase)
        return DeviceCoupling(count: count, matrix: (0..<(count * count)).map { $0 / count == $0 % count ? .zero : k })
    }

    @inline(__always) public func strength(from j: Int, to i: Int) -> Complex { matrix[i * count + j] }

    public var isZero: Bool { matrix.allSatisfy { $0 == .zero } }

    public func validate() throws(InputError) {
        for (index, k) in matrix.enumerated() where !(k.re.isFinite && k.im.isFinite) {
            throw InputError(field: "coupling[\(index / count)][\(index % count)]", message: "must be finite")
        }
    }
}
