import Foundation

/// f(t) = c0 + c1 (t - t0) + c_m e^(-(t - t0)/tau_m) + c_ex e^(-(t - t0)/tau_ex) + c_in e^(-(t - t0)/tau_in)
/// for t >= t0: the distance of a leaky membrane driven by two exponentially
/// decaying currents (and an injected current that changes linearly, c1) to
/// its threshold, and the search for the first time it reaches 0 (the
/// threshold crossing).
///
/// Search. A sum of decaying exponentials has no closed-form root, so the
/// first crossing is found by interval bounds. On [a, b] every term is
/// monotone: a term with c > 0 is largest at a, one with c < 0 at b (the
/// linear term at b if c1 > 0, at a otherwise), so
/// U(a, b) = c0 + c1 (a or b) + sum(c > 0) c e_k(a) + sum(c < 0) c e_k(b) bounds f from
/// above, and the same split bounds f' from below. Intervals are examined
/// left to right: one with U < 0 holds no crossing and is dropped; one on
/// which f' > 0 holds at most one, found as below; any other is halved. Beyond a horizon computed from the
/// coefficients f keeps its asymptotic sign (that of c1, or of c0 when c1 = 0), so the search is finite. On
/// an increasing stretch the crossing is polished by Newton's method kept
/// inside the bracket (the secant of the bracket's ends when a step would
/// leave it, bisection when that happens twice running).
///
/// Lower bounds. Holding every positive term at its value at the start (and
/// the linear term too when it falls) gives U(t) = c0 + P + sum(c < 0) c e_k(t)
/// (+ c1 (t - t0) when c1 > 0) >= f(t), increasing and concave: Newton's method from the start approaches its root from the
/// left, so every iterate with U < 0 is a time before which f cannot reach
/// 0 (`lowerBound`), at the price of a few exponentials.
///
/// Tolerance: the crossing time is located to within
/// `ExponentialSum.timeTolerance` (1e-12 ms, or 4 ulps of the time when
/// that is larger), on the side where f >= 0; an excursion above threshold
/// narrower than `grazingWidth` (1e-9 ms) may be missed, as its height
/// above threshold is then below 1e-9 ms times the membrane's slope.
struct ExponentialSum {
    /// t0 (ms): where the exponentials are 1.
    var origin: Double
    /// c0 (mV): the value the constant part has at t0.
    var constant: Double
    /// c1 (mV/ms): the slope of the linear part.
    var slope: Double = 0
    /// c_m, c_ex, c_in (mV).
    var coefficients: SIMD3<Double>
    /// 1 / tau_m, 1 / tau_ex, 1 / tau_in (1/ms).
    var rates: SIMD3<Double>

    static let timeTolerance = 1e-12
    static let grazingWidth = 1e-9

    /// e^(-(t - t0) rate) for each term.
    @inline(__always)
    func decays(at time: Double) -> SIMD3<Double> {
        let s = time - origin
        return SIMD3(exp(-s * rates.x), exp(-s * rates.y), exp(-s * rates.z))
    }

    /// f at `time`, whose decays are `e`.
    @inline(__always)
    func value(at time: Double, decays e: SIMD3<Double>) -> Double {
        constant + slope * (time - origin) + (coefficients * e).sum()
    }

    func value(at time: Double) -> Double { value(at: time, decays: decays(at: time)) }

    /// A time t >= `start` before which f < 0 (see Lower bounds), and
    /// whether it is +infinity because f stays negative for ever.
    func lowerBound(after start: Double) -> (time: Double, never: Bool) {
        let e = decays(at: start)
        let terms = coefficients * e
        let rising = max(slope, 0)
        let held = constant + (rising > 0 ? 0 : slope * (start - origin)) + terms.replacing(with: 0, where: terms .< 0).sum()
        guard held > 0 || rising > 0 else { return (.infinity, true) }
        // Newton on U(t) = held + c1+ (t - t0) + sum(c < 0) c e_k(t); U' = c1+ + sum(c < 0) -c r_k e_k(t).
        let negative = coefficients .< 0
        var (t, bound) = (start, start)
        for iteration in 0..<3 {
            let et = iteration == 0 ? e : decays(at: t)
            let falling = (coefficients * et).replacing(with: 0, where: .!negative)
            let u = held + rising * (t - origin) + falling.sum()
            guard u < 0 else { break }
            bound = t
            let slope = rising - (falling * rates).sum()
            guard slope > 0 else { break }
            t -= u / slope
        }
        return (bound, false)
    }

    /// The first time t >= `start` with f(t) >= 0, or +infinity if f stays negative.
    func firstCrossing(after start: Double) -> Double {
        let first = decays(at: start)
        if value(at: start, decays: first) >= 0 { return start }
        let end = horizon(after: start)
        guard end > start else { return .infinity }
        return search(start, first, end, decays(at: end), depth: 0) ?? .infinity
    }

    /// A time after which f keeps the sign of c0 (the sum of the terms is
    /// then smaller than |c0|), or `start` when c0 < 0 and no term can lift
    /// f to 0. With a linear part, where it outweighs every term for good:
    /// at most their magnitudes at `start` when it rises, their positive
    /// parts when it falls.
    private func horizon(after start: Double) -> Double {
        let e = decays(at: start)
        let terms = coefficients * e
        if slope > 0 {
            let lift = pointwiseMax(terms, -terms).sum() - constant
            return max(start, origin + lift / slope) + 1
        }
        if slope < 0 {
            return origin + (constant + pointwiseMax(terms, .zero).sum()) / -slope
        }
        let magnitudes = constant > 0 ? pointwiseMax(terms, -terms) : pointwiseMax(terms, .zero)
        let level = abs(constant) / 3  // each of the three terms below a third of |c0|
        var end = start
        for k in 0..<3 where magnitudes[k] > 0 {
            // The term falls below `level` (or below 1e-300 mV when c0 = 0) this long after start.
            end = max(end, start + log(magnitudes[k] / max(level, 1e-300)) / rates[k])
        }
        return constant > 0 ? max(end, start) + 1 : end
    }

    /// The first crossing in [a, b], given f(a) < 0 and the decays at a and b.
    private func search(_ a: Double, _ ea: SIMD3<Double>, _ b: Double, _ eb: SIMD3<Double>, depth: Int) -> Double? {
        let positive = coefficients .> 0
        let upper = constant + slope * ((slope > 0 ? b : a) - origin) + (coefficients * ea.replacing(with: eb, where: .!positive)).sum()
        guard upper >= 0 else { return nil }
        // f' = c1 + sum -c_k r_k e_k: a term with c > 0 is smallest at a, one with c < 0 at b.
        let termSlopes = -coefficients * rates
        let slopeLower = slope + (termSlopes * ea.replacing(with: eb, where: .!positive)).sum()
        let fb = value(at: b, decays: eb)
        if slopeLower > 0 { return fb >= 0 ? polish(a, value(at: a, decays: ea), b, fb) : nil }
        if b - a <= Self.grazingWidth || depth >= 200 { return fb >= 0 ? b : nil }
        let middle = a + (b - a) / 2
        let em = decays(at: middle)
        if let left = search(a, ea, middle, em, depth: depth + 1) { return left }
        if value(at: middle, decays: em) >= 0 { return middle }
        return search(middle, em, b, eb, depth: depth + 1)
    }

    /// The single crossing of an increasing f in (a, b], f(a) < 0 <= f(b):
    /// Newton's method inside the bracket, bisection when a step would leave
    /// it; once a step is below the tolerance the bracket is closed around
    /// the root with one point on each side. Returns the end where f >= 0.
    private func polish(_ a: Double, _ fa: Double, _ b: Double, _ fb: Double) -> Double {
        var (low, lowValue, high, highValue) = (a, fa, b, fb)
        var x = a - fa * (b - a) / (fb - fa)
        if !(x > low && x < high) { x = low + (high - low) / 2 }
        var fellBack = false
        for _ in 0..<100 {
            let tolerance = max(Self.timeTolerance, 4 * high.ulp)
            if high - low <= tolerance { break }
            let e = decays(at: x)
            let fx = value(at: x, decays: e)
            if fx >= 0 { (high, highValue) = (x, fx) } else { (low, lowValue) = (x, fx) }
            if high - low <= tolerance { break }
            let derivative = slope - (coefficients * rates * e).sum()
            var next = derivative > 0 ? x - fx / derivative : .nan
            // A Newton step that leaves the bracket (it overshoots from the far side of a
            // curved stretch, often once the near end already holds the root to an ulp)
            // takes the secant of the bracket's ends, kept half a tolerance inside them so
            // that it closes the bracket when the root is at an end; bisection only if that
            // repeats. (Bisection at once took 30 to 50 steps for 1 search in 10 on CUBA.)
            if !(next > low && next < high) {
                let secant = low - lowValue * (high - low) / (highValue - lowValue)
                next = fellBack ? .nan : min(max(secant, low + tolerance / 2), high - tolerance / 2)
                if !(next > low && next < high) { next = low + (high - low) / 2 }
                fellBack = true
            } else {
                fellBack = false
            }
            if abs(next - x) < tolerance / 2 {
                next = fx >= 0 ? max(next - tolerance / 2, low + (high - low) / 4) : min(next + tolerance / 2, high - (high - low) / 4)
            }
            x = next
        }
        return high
    }

}
