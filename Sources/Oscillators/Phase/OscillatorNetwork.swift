import EventCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Pulse-coupled spiking phase oscillators driven by piecewise-linear
/// currents, advanced exactly between events. Time in microseconds,
/// frequencies in MHz (cycles per microsecond), phases in cycles.
///
/// Equations. Oscillator i has instantaneous frequency f_i(t) = f0_i + k_i I_i(t),
/// with I_i piecewise linear (`CurrentSchedule`), so on each segment
/// f_i(t) = F + c (t - a) with chirp c = k_i dI/dt and the unwrapped phase is
/// quadratic: theta_i(t) = theta_i(a) + F (t - a) + c (t - a)^2 / 2.
/// Oscillator i spikes when theta_i reaches its next threshold n_i (an
/// integer, then n_i += 1): a "next-threshold counter" instead of a phase
/// reset, so a kick or a noise jump can neither skip nor repeat a spike. The
/// crossing time is the positive root of c tau^2 / 2 + F tau - (n - theta) = 0,
/// computed as tau = 2 D / (F + sqrt(F^2 + 2 c D)) with D = n - theta, which
/// is exact to rounding for any chirp, including zero (no root: never).
/// When oscillator j spikes at time t, every oscillator i it couples to is
/// advanced to t and kicked: theta_i += eps_ji Z(theta_i) (`PhaseResponseCurve`).
/// With phase noise (`SpinTorqueOscillatorParameters.linewidth` > 0) the
/// spiking oscillator's phase also receives, at each of its own spikes, a
/// Gaussian jump of variance linewidth * (time since its previous jump) / (2 pi):
/// phase diffusion lumped once per cycle, from a seeded per-oscillator stream.
///
/// Event order (deterministic): at equal times, slope changes come first (in
/// schedule order, lower oscillator first), then spikes in increasing
/// oscillator index. Frequencies must stay positive over the run
/// (`minimumFrequency(until:)` checks a schedule).
///
/// Read-outs: a `SynchronyReadout` sampled at each spike of the reference
/// oscillator (0), and an optional `SpikeSink` (population 0, node = oscillator).
public struct OscillatorNetwork: EventDrivenSystem {
    public let oscillators: [SpinTorqueOscillatorParameters]
    public let schedules: [CurrentSchedule]
    public let responseCurve: PhaseResponseCurve
    /// Pulse strength eps from oscillator j to oscillator i is `coupling[j][i]` (dimensionless).
    public let coupling: [[Double]]
    public var count: Int { oscillators.count }

    /// Phase-locking read-out, sampled at the spikes of oscillator 0.
    public var readout: SynchronyReadout
    /// Receives every spike when set.
    public var spikeSink: SpikeSink?
    /// Spikes emitted so far (all oscillators).
    public private(set) var spikeCount: UInt64 = 0
    /// Pulses delivered so far (one per coupled receiver per spike).
    public private(set) var pulseCount: UInt64 = 0

    // Per-oscillator trajectory, indexed by oscillator.
    private var state: [OscillatorTrajectory]
    private var lastNoiseTime: [Double]
    private var noiseVariancePerMicrosecond: [Double]
    private var generators: [Xoshiro256StarStar]
    private var spikeTimes: IndexedMinHeap
    // Slope changes of all oscillators merged in time order.
    private var changeTime: [Double]
    private var changeOscillator: [Int]
    private var changeChirp: [Double]
    private var changeFrequencyJump: [Double]
    private var nextChange = 0
    // Couplings as CSR rows: receivers of oscillator j are receiver[rowStart[j]..<rowStart[j+1]].
    private var rowStart: [Int]
    private var receiver: [Int]
    private var strength: [Double]
    private var phaseScratch: [Double]

    /// - Parameters:
    ///   - initialPhases: phases at time 0 in cycles (default all 0, so the
    ///     first spike of each oscillator is at phase 1).
    ///   - readoutWindow: sliding window of the read-out, in reference cycles.
    ///   - seed: seeds the phase noise (stream i for oscillator i).
    public init(oscillators: [SpinTorqueOscillatorParameters], schedules: [CurrentSchedule],
                coupling: [[Double]], responseCurve: PhaseResponseCurve = PhaseResponseCurve(),
                initialPhases: [Double]? = nil, readoutWindow: Int = 1000, seed: UInt64 = 1) {
        let n = oscillators.count
        precondition(n >= 1 && schedules.count == n && coupling.count == n && coupling.allSatisfy { $0.count == n },
                     "one schedule per oscillator and an n x n coupling matrix")
        self.oscillators = oscillators
        self.schedules = schedules
        self.responseCurve = responseCurve
        self.coupling = coupling
        readout = SynchronyReadout(oscillatorCount: n, window: readoutWindow)
        let phases = initialPhases ?? Array(repeating: 0, count: n)
        precondition(phases.count == n && phases.allSatisfy(\.isFinite), "one finite initial phase per oscillator")
        state = (0..<n).map { i in
            OscillatorTrajectory(
                anchorTime: 0, anchorPhase: phases[i], segmentStart: 0,
                segmentFrequency: oscillators[i].frequency(atCurrent: schedules[i].initialCurrent),
                chirp: oscillators[i].tunability * schedules[i].initialSlope, nextThreshold: phases[i].rounded(.down) + 1)
        }
        lastNoiseTime = Array(repeating: 0, count: n)
        noiseVariancePerMicrosecond = oscillators.map { $0.linewidth / (2 * Double.pi) }
        generators = (0..<n).map { Xoshiro256StarStar(seed: seed, stream: UInt64($0)) }
        var changes: [(time: Double, oscillator: Int, chirp: Double, jump: Double)] = []
        for i in 0..<n {
            for change in schedules[i].changes {
                changes.append((change.time, i, oscillators[i].tunability * change.slope,
                                oscillators[i].tunability * change.step))
            }
        }
        // Stable order: time, then oscillator, then schedule order.
        let order = changes.indices.sorted {
            (changes[$0].time, changes[$0].oscillator, $0) < (changes[$1].time, changes[$1].oscillator, $1)
        }
        changeTime = order.map { changes[$0].time }
        changeOscillator = order.map { changes[$0].oscillator }
        changeChirp = order.map { changes[$0].chirp }
        changeFrequencyJump = order.map { changes[$0].jump }
        rowStart = [0]
        receiver = []
        strength = []
        for j in 0..<n {
            for i in 0..<n where i != j && coupling[j][i] != 0 {
                receiver.append(i)
                strength.append(coupling[j][i])
            }
            rowStart.append(receiver.count)
        }
        phaseScratch = Array(repeating: 0, count: n)
        spikeTimes = IndexedMinHeap(keys: Array(repeating: .infinity, count: n))
        for i in 0..<n { spikeTimes.setKey(state[i].nextSpikeTime(), of: i) }
    }

    /// Unwrapped phase (cycles) of oscillator i at time t >= its last event.
    public func phase(_ i: Int, at t: Double) -> Double { state[i].phase(at: t) }

    /// Instantaneous frequency (MHz) of oscillator i at time t >= its last slope change.
    public func frequency(_ i: Int, at t: Double) -> Double { state[i].frequency(at: t) }

    public mutating func nextEventTime() -> Double {
        let change = nextChange < changeTime.count ? changeTime[nextChange] : .infinity
        return min(change, spikeTimes.minKey)
    }

    public mutating func processNextEvent() {
        let change = nextChange < changeTime.count ? changeTime[nextChange] : .infinity
        if change <= spikeTimes.minKey {
            let i = changeOscillator[nextChange]
            let newChirp = changeChirp[nextChange]
            let jump = changeFrequencyJump[nextChange]
            nextChange += 1
            state[i].changeChirp(to: newChirp, at: change, frequencyJump: jump)
            spikeTimes.setKey(state[i].nextSpikeTime(), of: i)
            return
        }
        guard let j = spikeTimes.minSlot else { return }
        let t = spikeTimes.minKey
        state[j].fire(at: t)
        spikeCount &+= 1
        if noiseVariancePerMicrosecond[j] > 0 {
            let variance = noiseVariancePerMicrosecond[j] * (t - lastNoiseTime[j])
            state[j].anchorPhase += variance.squareRoot() * generators[j].standardNormal()
            lastNoiseTime[j] = t
        }
        spikeSink?.record(time: t, population: 0, node: UInt64(j))
        for edge in rowStart[j]..<rowStart[j + 1] {
            let i = receiver[edge]
            state[i].advance(to: t)
            state[i].anchorPhase += strength[edge] * responseCurve.response(atPhase: state[i].anchorPhase)
            spikeTimes.setKey(state[i].nextSpikeTime(), of: i)
        }
        pulseCount &+= UInt64(rowStart[j + 1] - rowStart[j])
        spikeTimes.setKey(state[j].nextSpikeTime(), of: j)
        if j == 0 {
            for i in 0..<count { phaseScratch[i] = state[i].phase(at: t) }
            readout.record(time: t, phases: phaseScratch)
        }
    }

    /// Lowest frequency (MHz) oscillator i reaches over [0, end] (piecewise
    /// linear with jumps, so the minimum sits at a slope change or an end).
    public func minimumFrequency(_ i: Int, until end: Double) -> Double {
        let current = oscillators[i].tunability >= 0
            ? schedules[i].minimumCurrent(until: end)
            : -CurrentSchedule(initialCurrent: -schedules[i].initialCurrent, initialSlope: -schedules[i].initialSlope,
                               changes: schedules[i].changes.map { .init(time: $0.time, slope: -$0.slope, step: -$0.step) })
                .minimumCurrent(until: end)
        return oscillators[i].frequency(atCurrent: current)
    }
}
