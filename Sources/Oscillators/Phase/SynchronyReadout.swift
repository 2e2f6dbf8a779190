#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Phase locking of a group of oscillators over a sliding window, sampled at
/// the spikes of a reference oscillator.
///
/// At the k-th sample each oscillator contributes the unit phasor
/// u_i = exp(2 pi i theta_i). Over the last W samples:
/// - coherent power P = |sum_k sum_i u_ik|^2 / W^2, in units of one
///   oscillator's power: 1 when only the reference is coherent with itself
///   (the others drift), 4 for a locked pair including it, n^2 for a fully
///   in-phase group of n. This is the power of the summed output
///   sum_i cos(2 pi theta_i) demodulated at the reference frequency, i.e. the
///   height of its spectral line;
/// - pairwise locking value L_ij = |sum_k u_ik conj(u_jk)| / W in [0, 1].
/// Windows must span many cycles (the design note: ~1000) because a near-miss
/// group beats slowly and looks locked over short windows.
///
/// The running sums are recomputed from the stored window every W samples,
/// so rounding cannot accumulate over long runs.
public struct SynchronyReadout: Sendable {
    public let oscillatorCount: Int
    /// Window length in samples (reference cycles).
    public let window: Int
    /// Number of oscillator pairs, n (n - 1) / 2, in the order (0,1), (0,2), ..., (1,2), ...
    public var pairCount: Int { oscillatorCount * (oscillatorCount - 1) / 2 }

    // One row per sample: group phasor (2 doubles), then one phasor per pair.
    private let stride: Int
    private var ring: [Double]
    private var sums: [Double]
    private var scratch: [Double]
    private var head = 0
    private var stored = 0
    private var sinceRefresh = 0

    /// Samples taken so far.
    public private(set) var sampleCount: UInt64 = 0
    /// Largest coherent power over all full windows (0 before the first full window).
    public private(set) var maximumCoherentPower = 0.0
    /// Time of the sample that ended the window of largest coherent power.
    public private(set) var timeOfMaximum = Double.nan
    /// Largest locking value of each pair over all full windows.
    public private(set) var maximumPairLocking: [Double]

    public init(oscillatorCount: Int, window: Int) {
        precondition(oscillatorCount >= 1 && window >= 1, "need at least one oscillator and a window of one sample")
        self.oscillatorCount = oscillatorCount
        self.window = window
        let pairs = oscillatorCount * (oscillatorCount - 1) / 2
        stride = 2 + 2 * pairs
        ring = Array(repeating: 0, count: stride * window)
        sums = Array(repeating: 0, count: stride)
        scratch = Array(repeating: 0, count: 2 * oscillatorCount)
        maximumPairLocking = Array(repeating: 0, count: pairs)
    }

    /// Whether the window holds W samples.
    public var isWindowFull: Bool { stored == window }

    /// Coherent power of the current window (single-oscillator units).
    public var coherentPower: Double {
        let w = Double(stored)
        return stored == 0 ? 0 : (sums[0] * sums[0] + sums[1] * sums[1]) / (w * w)
    }

    /// Locking value of pair `pair` over the current window.
    public func pairLocking(_ pair: Int) -> Double {
        let w = Double(stored)
        let re = sums[2 + 2 * pair], im = sums[3 + 2 * pair]
        return stored == 0 ? 0 : (re * re + im * im).squareRoot() / w
    }

    /// Adds a sample: `phases[i]` is oscillator i's phase in cycles at `time`.
    public mutating func record(time: Double, phases: [Double]) {
        precondition(phases.count == oscillatorCount)
        let n = oscillatorCount
        var groupRe = 0.0, groupIm = 0.0
        for i in 0..<n {
            let angle = 2 * Double.pi * (phases[i] - phases[i].rounded(.down))
            let c = cos(angle), s = sin(angle)
            scratch[2 * i] = c
            scratch[2 * i + 1] = s
            groupRe += c
            groupIm += s
        }
        let row = head * stride
        if stored == window {
            for column in 0..<stride { sums[column] -= ring[row + column] }
        } else {
            stored += 1
        }
        ring[row] = groupRe
        ring[row + 1] = groupIm
        var column = 2
        for i in 0..<n {
            for j in (i + 1)..<n {
                // u_i conj(u_j)
                ring[row + column] = scratch[2 * i] * scratch[2 * j] + scratch[2 * i + 1] * scratch[2 * j + 1]
                ring[row + column + 1] = scratch[2 * i + 1] * scratch[2 * j] - scratch[2 * i] * scratch[2 * j + 1]
                column += 2
            }
        }
        for column in 0..<stride { sums[column] += ring[row + column] }
        head = head + 1 == window ? 0 : head + 1
        sampleCount += 1
        sinceRefresh += 1
        if sinceRefresh == window {
            sinceRefresh = 0
            for column in 0..<stride { sums[column] = 0 }
            for r in 0..<stored {
                for column in 0..<stride { sums[column] += ring[r * stride + column] }
            }
        }
        guard stored == window else { return }
        let power = coherentPower
        if power > maximumCoherentPower {
            maximumCoherentPower = power
            timeOfMaximum = time
        }
        for pair in 0..<pairCount { maximumPairLocking[pair] = max(maximumPairLocking[pair], pairLocking(pair)) }
    }
}
