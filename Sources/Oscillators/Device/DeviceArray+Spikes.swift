extension DeviceArray {
    /// The pending step's cubic Hermite interpolant of z_i and its time
    /// derivative at `offset` in [0, h] (through both ends with both end
    /// derivatives: error O(h^4), the order of the step's local error).
    @inline(__always)
    func interpolated(_ i: Int, offset: Double) -> (z: Complex, dz: Complex) {
        let h = stepEnd - time
        guard pendingStep, h > 0 else { return (amplitude[i], derivative[i]) }
        let s = offset / h, s2 = s * s, s3 = s2 * s
        let h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2
        let z = h00 * amplitude[i] + (h10 * h) * derivative[i] + h01 * endAmplitude[i] + (h11 * h) * endDerivative[i]
        let d00 = (6 * s2 - 6 * s) / h, d10 = 3 * s2 - 4 * s + 1, d01 = (-6 * s2 + 6 * s) / h, d11 = 3 * s2 - 2 * s
        let dz = d00 * amplitude[i] + d10 * derivative[i] + d01 * endAmplitude[i] + d11 * endDerivative[i]
        return (z, dz)
    }

    /// psi_i (radians) at `offset` into the pending step: the frame phase less
    /// the amplitude's argument in the frame (small within a step).
    @inline(__always)
    func phaseRadians(_ i: Int, offset: Double) -> Double {
        framePhase[i] + frameRate[i] * offset - interpolated(i, offset: offset).z.argument
    }

    /// Spikes inside the pending step: every threshold psi_i crosses between
    /// its ends, located by Newton's method on the interpolant (derivative
    /// d psi/dt = omega_r - Im(z'/z) > 0), merged in time then device order.
    mutating func locateSpikes() {
        let h = stepEnd - time
        for i in 0..<count {
            let endPhase = framePhase[i] + frameRate[i] * h - endAmplitude[i].argument
            guard endPhase >= nextThreshold[i] else { continue }
            if endAmplitude[i].magnitudeSquared < Self.spikePowerFloor {
                // No defined phase: skip the thresholds passed, emit nothing.
                while nextThreshold[i] <= endPhase { nextThreshold[i] += 2 * Double.pi }
                continue
            }
            var lower = 0.0
            while nextThreshold[i] <= endPhase {
                let target = nextThreshold[i]
                var upper = h
                var tau = lower + (upper - lower) * 0.5
                for _ in 0..<40 {
                    let (z, dz) = interpolated(i, offset: tau)
                    let residual = framePhase[i] + frameRate[i] * tau - z.argument - target
                    if residual > 0 { upper = tau } else { lower = tau }
                    let rate = frameRate[i] - (z.re * dz.im - z.im * dz.re) / z.magnitudeSquared
                    var next = tau - residual / rate
                    if !(next >= lower && next <= upper) || !(rate > 0) { next = 0.5 * (lower + upper) }
                    let moved = abs(next - tau)
                    tau = next
                    if moved <= 1e-13 { break }
                }
                lower = tau
                pendingSpikeTime.append(time + tau)
                pendingSpikeDevice.append(i)
                nextThreshold[i] += 2 * Double.pi
            }
        }
        if pendingSpikeTime.count > 1 {
            let order = pendingSpikeTime.indices.sorted {
                (pendingSpikeTime[$0], pendingSpikeDevice[$0]) < (pendingSpikeTime[$1], pendingSpikeDevice[$1])
            }
            pendingSpikeTime = order.map { pendingSpikeTime[$0] }
            pendingSpikeDevice = order.map { pendingSpikeDevice[$0] }
        }
    }
}
