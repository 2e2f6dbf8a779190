#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Power spectrum of a uniformly sampled real signal: the periodogram of all
/// its n samples under a Hann window. Power is |X_k|^2 normalised by (sum of
/// window)^2, so a pure tone of amplitude a centred on a bin shows a line of
/// power a^2 / 4: n locked unit oscillators show n^2 / 4, n times the power
/// of n unlocked ones at distinct frequencies. (`WelchSpectrum` gives a
/// density instead, whose lines integrate to a tone's mean power a^2 / 2.)
public struct PowerSpectrum: Sendable {
    /// Bin frequencies k / (n dt), k = 0 ... n / 2 (inverse units of the sample interval: MHz for microseconds).
    public let frequencies: [Double]
    public let power: [Double]

    public init(samples: [Double], sampleInterval: Double) {
        precondition(samples.count >= 2 && sampleInterval > 0, "need at least two samples and a positive interval")
        let n = samples.count
        var periodogram = HannPeriodogram(length: n)
        var squaredMagnitudes = [Double](repeating: 0, count: n)
        periodogram.addSquaredMagnitudes(of: samples.map { (re: $0, im: 0) }, from: 0, to: &squaredMagnitudes)
        let scale = 1 / (periodogram.windowSum * periodogram.windowSum)
        frequencies = (0...n / 2).map { Double($0) / (Double(n) * sampleInterval) }
        power = squaredMagnitudes[0...n / 2].map { $0 * scale }
    }

    /// The strongest line: its frequency and power.
    public var peak: (frequency: Double, power: Double) {
        let index = power.indexOfMaximum
        return (frequencies[index], power[index])
    }

    /// Power of the strongest line: the bins within `halfWidth` of the peak
    /// summed, so the result does not depend on where the line falls
    /// between bins (a Hann window spreads a tone over about 2 bins each side).
    public func linePower(halfWidth: Int = 3) -> Double {
        let index = power.indexOfMaximum
        return power[max(0, index - halfWidth)...min(power.count - 1, index + halfWidth)].reduce(0, +)
    }
}

/// The step every spectrum here repeats: n samples from some start, times the
/// periodic Hann window w_j = (1 - cos(2 pi j / n)) / 2 (scipy's "hann"; its
/// first zero closes the next period, which is what spectral analysis wants),
/// transformed, squared: |Y_k|^2 with Y_k = sum_j w_j x_{start+j} e^{-2 pi i j k / n}.
/// One plan and one buffer, made here, serve every stretch.
struct HannPeriodogram {
    let length: Int
    /// sum_j w_j (n / 2 for n >= 2): the amplitude of a tone centred on a bin is |Y_k| / sum_j w_j.
    let windowSum: Double
    /// sum_j w_j^2 (3 n / 8 for n >= 3): the window's power, which the density divides out.
    let windowPower: Double
    private let window: [Double]
    private let transform: FourierTransform
    private var buffer: [ComplexSample]

    init(length: Int) {
        self.length = length
        window = (0..<length).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(length)) }
        windowSum = window.reduce(0, +)
        windowPower = window.reduce(0) { $0 + $1 * $1 }
        transform = FourierTransform(length: length)
        buffer = Array(repeating: (0, 0), count: length)
    }

    /// Adds |Y_k|^2 of samples[start ..< start + length] to squaredMagnitudes[k]
    /// (FFT order: k bin widths for k < (length + 1) / 2, k - length above).
    mutating func addSquaredMagnitudes(of samples: [ComplexSample], from start: Int, to squaredMagnitudes: inout [Double]) {
        for j in 0..<length {
            let x = samples[start + j], w = window[j]
            buffer[j] = (w * x.re, w * x.im)
        }
        transform.transform(&buffer)
        for k in 0..<length {
            squaredMagnitudes[k] += buffer[k].re * buffer[k].re + buffer[k].im * buffer[k].im
        }
    }
}
