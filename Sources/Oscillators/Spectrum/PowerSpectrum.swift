#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Power spectrum of a uniformly sampled real signal (periodogram with a
/// Hann window, radix-2 FFT over the first power-of-two number of samples).
/// Power is |X_k|^2 normalised by (sum of window)^2, so a pure tone of
/// amplitude a centred on a bin shows a line of power a^2 / 4: n locked
/// unit oscillators show n^2 / 4, n times the power of n unlocked ones at
/// distinct frequencies.
public struct PowerSpectrum: Sendable {
    /// Bin frequencies (inverse units of the sample interval: MHz for microseconds).
    public let frequencies: [Double]
    public let power: [Double]

    public init(samples: [Double], sampleInterval: Double) {
        precondition(samples.count >= 2 && sampleInterval > 0, "need at least two samples and a positive interval")
        var n = 1
        while n * 2 <= samples.count { n *= 2 }
        var re = [Double](repeating: 0, count: n), im = [Double](repeating: 0, count: n)
        var windowSum = 0.0
        for k in 0..<n {
            let w = 0.5 - 0.5 * cos(2 * Double.pi * Double(k) / Double(n))
            re[k] = samples[k] * w
            windowSum += w
        }
        Self.transform(&re, &im)
        let half = n / 2
        frequencies = (0...half).map { Double($0) / (Double(n) * sampleInterval) }
        power = (0...half).map { (re[$0] * re[$0] + im[$0] * im[$0]) / (windowSum * windowSum) }
    }

    /// The strongest line: its frequency and power.
    public var peak: (frequency: Double, power: Double) {
        let index = power.indices.max { power[$0] < power[$1] } ?? 0
        return (frequencies[index], power[index])
    }

    /// Power of the strongest line: the bins within `halfWidth` of the peak
    /// summed, so the result does not depend on where the line falls
    /// between bins (a Hann window spreads a tone over about 2 bins each side).
    public func linePower(halfWidth: Int = 3) -> Double {
        let index = power.indices.max { power[$0] < power[$1] } ?? 0
        return power[max(0, index - halfWidth)...min(power.count - 1, index + halfWidth)].reduce(0, +)
    }

    /// In-place iterative radix-2 Cooley-Tukey FFT.
    private static func transform(_ re: inout [Double], _ im: inout [Double]) {
        let n = re.count
        var j = 0
        for i in 1..<n {
            var bit = n >> 1
            while j & bit != 0 { j ^= bit; bit >>= 1 }
            j |= bit
            if i < j { re.swapAt(i, j); im.swapAt(i, j) }
        }
        var length = 2
        while length <= n {
            let angle = -2 * Double.pi / Double(length)
            for start in Swift.stride(from: 0, to: n, by: length) {
                for k in 0..<(length / 2) {
                    let c = cos(angle * Double(k)), s = sin(angle * Double(k))
                    let a = start + k, b = a + length / 2
                    let tr = re[b] * c - im[b] * s, ti = re[b] * s + im[b] * c
                    re[b] = re[a] - tr; im[b] = im[a] - ti
                    re[a] += tr; im[a] += ti
                }
            }
            length *= 2
        }
    }
}
