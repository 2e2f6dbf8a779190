#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DeviceArray {
    /// dz/dt at time `time + offset` for amplitudes `z` in the current frames:
    ///
    ///     dz_i/dt = [-i (omega_i(p_i, I_i) - omega_r,i) - Gamma_+ + Gamma_-] z_i + e^{i Phi_i(t)} F_i(t),
    ///     F_i = sum_j K_ij c_j + g_i sum_s F_s e^{-i (2 pi f_s t + phi_s)},   c_j = z_j e^{-i Phi_j(t)},
    ///
    /// with Phi_i(t) = Phi_i + omega_r,i offset and I_i = I_i(t_n) + slope_i offset.
    /// The phasors e^{-i Phi_i(t)} are the step-start phasor times e^{-i omega_r,i offset}:
    /// one sine and cosine of a small angle per device and source, never of the large phases.
    @inline(__always)
    mutating func evaluateDerivative(offset: Double, of z: [Complex], into out: inout [Complex]) {
        let n = count
        let drivenOrCoupled = !couplingIsZero || anySourceOn
        var line = Complex.zero
        if drivenOrCoupled {
            for s in configuration.sources.indices where sourceOn[s] {
                let source = configuration.sources[s]
                line += source.amplitude * (sourceAtStart[s] * Complex.unit(-2 * Double.pi * source.frequency * offset))
            }
            for j in 0..<n {
                framePhasor[j] = unitAtStart[j] * Complex.unit(-frameRate[j] * offset)
                scratch[j] = z[j] * framePhasor[j]
            }
        }
        for i in 0..<n {
            let device = configuration.devices[i]
            let zi = z[i]
            let p = zi.magnitudeSquared
            let currentNow = current[i] + currentSlope[i] * offset
            let detuning = 2 * Double.pi * device.frequency(atPower: p, current: currentNow) - frameRate[i]
            let gain = device.spinTransferEfficiency * currentNow * (1 - p) - device.dampingRate * (1 + device.nonlinearDamping * p)
            var dz = Complex(gain * zi.re + detuning * zi.im, gain * zi.im - detuning * zi.re)
            if drivenOrCoupled {
                var force = configuration.sourceGains[i] * line
                if !couplingIsZero {
                    for j in 0..<n { force += configuration.coupling.strength(from: j, to: i) * scratch[j] }
                }
                // e^{+i Phi_i(t)} = conj(e^{-i Phi_i(t)}).
                dz += force * framePhasor[i].conjugate
            }
            out[i] = dz
        }
    }
}
