/// The exact trajectory of one oscillator since its last event: on the
/// current slope segment f(t) = segmentFrequency + chirp (t - segmentStart),
/// and theta(t) = anchorPhase + integral of f from anchorTime to t.
struct OscillatorTrajectory {
    var anchorTime: Double
    var anchorPhase: Double
    var segmentStart: Double
    var segmentFrequency: Double
    var chirp: Double
    /// The phase at which the next spike is emitted (an integer).
    var nextThreshold: Double

    @inline(__always)
    func frequency(at t: Double) -> Double { segmentFrequency + chirp * (t - segmentStart) }

    @inline(__always)
    func phase(at t: Double) -> Double {
        let tau = t - anchorTime
        return anchorPhase + tau * (frequency(at: anchorTime) + 0.5 * chirp * tau)
    }

    /// Moves the anchor to time t (same trajectory).
    @inline(__always)
    mutating func advance(to t: Double) {
        anchorPhase = phase(at: t)
        anchorTime = t
    }

    /// Starts a new slope segment at time t; the frequency stays continuous.
    mutating func changeChirp(to newChirp: Double, at t: Double, frequencyJump: Double = 0) {
        advance(to: t)
        segmentFrequency = frequency(at: t) + frequencyJump
        segmentStart = t
        chirp = newChirp
    }

    /// Emits the spike due at time t: the phase is exactly the threshold.
    @inline(__always)
    mutating func fire(at t: Double) {
        anchorTime = t
        anchorPhase = nextThreshold
        nextThreshold += 1
    }

    /// Time at which the phase reaches the next threshold, given no further
    /// events; +infinity if the frequency falls to zero first.
    @inline(__always)
    func nextSpikeTime() -> Double {
        let distance = nextThreshold - anchorPhase
        if distance <= 0 { return anchorTime }
        let f = frequency(at: anchorTime)
        let discriminant = f * f + 2 * chirp * distance
        guard discriminant >= 0 else { return .infinity }
        let denominator = f + discriminant.squareRoot()
        guard denominator > 0 else { return .infinity }
        return anchorTime + 2 * distance / denominator
    }
}
