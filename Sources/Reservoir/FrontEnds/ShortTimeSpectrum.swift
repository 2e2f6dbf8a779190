#if canImport(Glibc)
import Glibc
#endif
import Oscillators

/// Short-time power spectra of a recording: frames of `frameLength` seconds
/// every `hop` seconds (rounded to whole samples, L and H), each multiplied
/// by a periodic Hann window w_j = (1 - cos(2 pi j / L)) / 2, zero-padded to
/// the FFT length n (the smallest power of two >= L) and transformed by
/// FFTW: P_k = |sum_j w_j x_j e^{-2 pi i j k / n}|^2 for k = 0 ... n / 2,
/// bin k at k fs / n Hz. Frames start at 0, H, 2H, ... while a whole frame
/// fits; a recording shorter than one frame gives one zero-padded frame.
public struct ShortTimeSpectrum: Sendable {
    public let sampleRate: Double
    public let frameSamples: Int
    public let hopSamples: Int
    public let transformLength: Int
    private let window: [Double]
    private let fourier: FourierTransform

    public init(sampleRate: Double, frameLength: Double, hop: Double) {
        self.sampleRate = sampleRate
        frameSamples = max(1, Int((frameLength * sampleRate).rounded()))
        hopSamples = max(1, Int((hop * sampleRate).rounded()))
        var n = 1
        while n < frameSamples { n *= 2 }
        transformLength = n
        let length = Double(frameSamples)
        window = (0..<frameSamples).map { 0.5 * (1 - cos(2 * Double.pi * Double($0) / length)) }
        fourier = FourierTransform(length: n)
    }

    /// Bins per frame, n / 2 + 1.
    public var binCount: Int { transformLength / 2 + 1 }

    /// Frequency of bin k (Hz).
    public func frequency(ofBin k: Int) -> Double { Double(k) * sampleRate / Double(transformLength) }

    public func frameCount(samples: Int) -> Int {
        samples <= frameSamples ? 1 : 1 + (samples - frameSamples) / hopSamples
    }

    /// P_k of every frame.
    public func powers(_ samples: [Double]) -> FeatureFrames {
        let frames = frameCount(samples: samples.count)
        var values = [Double](repeating: 0, count: frames * binCount)
        var buffer = [ComplexSample](repeating: (0, 0), count: transformLength)
        for frame in 0..<frames {
            let start = frame * hopSamples
            for j in 0..<transformLength {
                let index = start + j
                let x = j < frameSamples && index < samples.count ? window[j] * samples[index] : 0
                buffer[j] = (x, 0)
            }
            fourier.transform(&buffer)
            for k in 0..<binCount {
                values[frame * binCount + k] = buffer[k].re * buffer[k].re + buffer[k].im * buffer[k].im
            }
        }
        return FeatureFrames(channels: binCount, values: values)
    }
}
