#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension DeviceArray {
    /// Takes one step from `time` with the configured scheme, truncated at
    /// the next breakpoint, and locates the spikes inside it.
    mutating func takeStep() {
        let breakTime = nextBreak < breakTimes.count ? breakTimes[nextBreak] : .infinity
        let limit = breakTime - time
        // A step cut at a breakpoint ends on it exactly, not one rounding away.
        func end(_ h: Double) -> Double { h >= limit ? breakTime : time + h }
        switch configuration.integration {
        case let .adaptive(rtol, atol, maximumStep):
            var h = min(proposedStep, maximumStep, limit)
            while true {
                let error = dormandPrinceStep(h, relativeTolerance: rtol, absoluteTolerance: atol)
                // The usual controller: safety 0.9, growth within [0.2, 5], exponent 1/5.
                let factor = error == 0 ? 5 : min(5, max(0.2, 0.9 * pow(error, -0.2)))
                if error <= 1, phaseRotationIsResolved() {
                    if h < limit || factor < 1 { proposedStep = min(h * factor, maximumStep) }
                    stepEnd = end(h)
                    break
                }
                rejectedSteps &+= 1
                h *= min(factor, 0.5)
                precondition(h > 1e-15, "step size underflow at t = \(time) µs")
            }
        case let .fixedDormandPrince(step):
            let h = min(step, limit)
            _ = dormandPrinceStep(h, relativeTolerance: 1, absoluteTolerance: 1)
            stepEnd = end(h)
        case let .stochasticHeun(step):
            let h = min(step, limit)
            heunStep(h)
            stepEnd = end(h)
        }
        acceptedSteps &+= 1
        pendingStep = true
        if configuration.emitsSpikes { locateSpikes() }
    }

    /// A step must not turn any amplitude by half a turn in its frame, or
    /// the unwrapped phase (and the spike count) would be ambiguous.
    func phaseRotationIsResolved() -> Bool {
        (0..<count).allSatisfy { abs(endAmplitude[$0].argument) < 0.5 * Double.pi }
    }

    /// One Dormand-Prince 5(4) step of size h into `endAmplitude` and
    /// `endDerivative` (first same as last: the 7th stage is f at the end);
    /// returns the scaled error norm (Hairer, Norsett and Wanner, II.5).
    mutating func dormandPrinceStep(_ h: Double, relativeTolerance: Double, absoluteTolerance: Double) -> Double {
        let n = count
        typealias C = DormandPrince
        for i in 0..<n { stage[0][i] = derivative[i] }
        for s in 1..<7 {
            for i in 0..<n {
                var sum = Complex.zero
                for k in 0..<s where C.a[s][k] != 0 { sum += C.a[s][k] * stage[k][i] }
                scratchStage[i] = amplitude[i] + h * sum
            }
            var out = stage[s]
            stage[s] = []
            evaluateDerivative(offset: C.c[s] * h, of: scratchStage, into: &out)
            stage[s] = out
        }
        var error = 0.0
        for i in 0..<n {
            var sum = Complex.zero, estimate = Complex.zero
            for k in 0..<7 {
                sum += C.b[k] * stage[k][i]
                estimate += C.e[k] * stage[k][i]
            }
            let end = amplitude[i] + h * sum
            endAmplitude[i] = end
            endDerivative[i] = stage[6][i]
            let scale = absoluteTolerance + relativeTolerance * max(amplitude[i].magnitudeSquared, end.magnitudeSquared).squareRoot()
            error = max(error, h * estimate.magnitudeSquared.squareRoot() / scale)
        }
        return error
    }

    /// One stochastic Heun step of size h: with the complex Wiener increment
    /// dW_i (E|dW_i|^2 = 2 D_n h),
    ///     z~ = z + h f(t, z) + dW,   z' = z + h (f(t, z) + f(t + h, z~)) / 2 + dW.
    /// The noise enters in the rotating frame unchanged in law (a rotation of
    /// circular white noise is circular white noise). Each step draws two
    /// normal deviates per noisy device (both Box-Muller branches of one pair
    /// of uniforms), in device order: a fixed number per step.
    mutating func heunStep(_ h: Double) {
        let n = count
        for i in 0..<n {
            var increment = Complex.zero
            if noiseScale[i] > 0 {
                let u1 = 1 - generators[i].uniform(), u2 = generators[i].uniform()
                let radius = (-2 * log(u1)).squareRoot() * noiseScale[i] * h.squareRoot()
                increment = Complex(radius * cos(2 * Double.pi * u2), radius * sin(2 * Double.pi * u2))
            }
            stage[1][i] = increment
            scratchStage[i] = amplitude[i] + h * derivative[i] + increment
        }
        var predicted = stage[2]
        stage[2] = []
        evaluateDerivative(offset: h, of: scratchStage, into: &predicted)
        stage[2] = predicted
        for i in 0..<n {
            endAmplitude[i] = amplitude[i] + (0.5 * h) * (derivative[i] + stage[2][i]) + stage[1][i]
        }
        var end = endDerivative
        endDerivative = []
        evaluateDerivative(offset: h, of: endAmplitude, into: &end)
        endDerivative = end
    }
}

/// The Dormand-Prince 5(4) tableau (Dormand and Prince 1980).
enum DormandPrince {
    static let c: [Double] = [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1]
    static let a: [[Double]] = [
        [],
        [1.0 / 5],
        [3.0 / 40, 9.0 / 40],
        [44.0 / 45, -56.0 / 15, 32.0 / 9],
        [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
        [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
    ]
    /// 5th-order weights (= the last row of a).
    static let b: [Double] = [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0]
    /// b - b*, with b* the embedded 4th-order weights.
    static let e: [Double] = [
        71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40,
    ]
}
