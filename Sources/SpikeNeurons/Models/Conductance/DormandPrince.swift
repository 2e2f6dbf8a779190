import Foundation

/// One step of the Dormand-Prince 5(4) pair (Hairer, Norsett and Wanner,
/// "Solving ODEs I", II.5, the code DOPRI5) for y = (V, w) driven by two
/// conductances that decay exactly, g(t0 + s) = g(t0) e^(-s / tau):
/// the fifth-order solution is kept (local extrapolation), the difference to
/// the embedded fourth-order one is the error estimate, and Hairer's
/// continuous extension gives y anywhere inside the step to fourth order
/// (`value(at:)`), from which inputs take their state and threshold
/// crossings are located. The injected current a + k s is exact at every stage.
///
/// The conductances at the stage times need e^(-c s / tau) for
/// c = 1/5, 3/10, 4/5, 8/9, 1: powers of q = e^(-h / (10 tau)) give all but
/// 8/9, so a step costs four exponentials (two per conductance), exact to a
/// few roundings.
struct DormandPrinceStep: Sendable, Codable, Equatable {
    /// Start (ms) and length (ms) of the step.
    var start: Double
    var length: Double
    /// y at the start, and the coefficients of the continuous extension
    /// (Hairer's rcont2 ... rcont5; stored, not an array: a step allocates nothing).
    var initial: SIMD2<Double>
    var r2: SIMD2<Double>, r3: SIMD2<Double>, r4: SIMD2<Double>, r5: SIMD2<Double>
    /// Conductances at the start (nS).
    var conductances: SIMD2<Double>
    /// The injected current at the start (pA) and its slope (pA/ms).
    var injected: SIMD2<Double>

    /// A step of length 0 at `time`: it holds `y` there and nothing else.
    static func point(at time: Double, _ y: SIMD2<Double>, conductances: SIMD2<Double>, injected: SIMD2<Double>) -> DormandPrinceStep {
        DormandPrinceStep(start: time, length: 0, initial: y, r2: .zero, r3: .zero, r4: .zero, r5: .zero, conductances: conductances,
                          injected: injected)
    }

    var end: Double { start + length }

    /// y at start + theta * length, theta in [0, 1].
    @inline(__always)
    func value(fraction theta: Double) -> SIMD2<Double> {
        initial + theta * (r2 + (1 - theta) * (r3 + theta * (r4 + (1 - theta) * r5)))
    }

    func value(at time: Double) -> SIMD2<Double> {
        length > 0 ? value(fraction: (time - start) / length) : initial
    }
}

/// The Butcher tableau of DOPRI5 and its continuous extension.
enum DormandPrince {
    static let c = (1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9)
    static let a21 = 1.0 / 5
    static let (a31, a32) = (3.0 / 40, 9.0 / 40)
    static let (a41, a42, a43) = (44.0 / 45, -56.0 / 15, 32.0 / 9)
    static let (a51, a52, a53, a54) = (19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729)
    static let (a61, a62, a63, a64, a65) = (9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656)
    static let (a71, a73, a74, a75, a76) = (35.0 / 384, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84)
    /// Fifth minus fourth order weights.
    static let (e1, e3, e4, e5, e6, e7) = (71.0 / 57600, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525, -1.0 / 40)
    /// Hairer's dense output (DOPRI5's CONTD5).
    static let (d1, d3, d4, d5, d6, d7) = (-12715105075.0 / 11282082432, 87487479700.0 / 32700410799, -10690763975.0 / 1880347072,
                                           701980252875.0 / 199316789632, -1453857185.0 / 822651844, 69997945.0 / 29380423)

    /// A trial step of length h from y (with f(y) = k1) and conductances g
    /// decaying at `rates` (1/ms), with the injected current (a, k): a + k s
    /// at s into the step: the step, y and f(y) at its end, the
    /// conductances there, and the error estimate (fifth minus fourth order).
    @inline(__always)
    static func trial<Dynamics: ConductanceDynamics>(_ dynamics: Dynamics, at start: Double, from y: SIMD2<Double>,
                                                      slope k1: SIMD2<Double>, conductances g: SIMD2<Double>,
                                                      injected i: SIMD2<Double>, length h: Double)
        -> (step: DormandPrinceStep, end: SIMD2<Double>, endSlope: SIMD2<Double>, endConductances: SIMD2<Double>, error: SIMD2<Double>) {
        let x = -h * dynamics.synapticRates
        let q = SIMD2(exp(x.x / 10), exp(x.y / 10))
        let q2 = q * q, q4 = q2 * q2
        let q8 = q4 * q4
        let g2 = g * q2, g3 = g2 * q, g4 = g * q8, g6 = g4 * q2
        let g5 = g * SIMD2(exp(x.x * (8.0 / 9)), exp(x.y * (8.0 / 9)))
        let ih = i.y * h
        let k2 = dynamics.derivative(y + h * (a21 * k1), g2, injected: i.x + c.0 * ih)
        let k3 = dynamics.derivative(y + h * (a31 * k1 + a32 * k2), g3, injected: i.x + c.1 * ih)
        let k4 = dynamics.derivative(y + h * (a41 * k1 + a42 * k2 + a43 * k3), g4, injected: i.x + c.2 * ih)
        let k5 = dynamics.derivative(y + h * (a51 * k1 + a52 * k2 + a53 * k3 + a54 * k4), g5, injected: i.x + c.3 * ih)
        let k6 = dynamics.derivative(y + h * (a61 * k1 + a62 * k2 + a63 * k3 + a64 * k4 + a65 * k5), g6, injected: i.x + ih)
        let end = y + h * (a71 * k1 + a73 * k3 + a74 * k4 + a75 * k5 + a76 * k6)
        let k7 = dynamics.derivative(end, g6, injected: i.x + ih)
        let error = h * (e1 * k1 + e3 * k3 + e4 * k4 + e5 * k5 + e6 * k6 + e7 * k7)
        let r2 = end - y
        let r3 = h * k1 - r2
        let r4 = r2 - h * k7 - r3
        let r5 = h * (d1 * k1 + d3 * k3 + d4 * k4 + d5 * k5 + d6 * k6 + d7 * k7)
        let step = DormandPrinceStep(start: start, length: h, initial: y, r2: r2, r3: r3, r4: r4, r5: r5, conductances: g, injected: i)
        return (step, end, k7, g6, error)
    }
}
