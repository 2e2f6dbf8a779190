import Diagnostics

/// Welch's estimate of the power spectral density of a uniformly sampled
/// signal, real or complex baseband (time in µs, so frequencies in MHz).
///
/// The N samples x_j, dt apart, are cut into M segments of L samples, one
/// starting every L - floor(overlap L) samples (samples after the last whole
/// segment are left out). Each segment is multiplied by the periodic Hann
/// window w_j and transformed (Y^(m)_k, see `FourierTransform`), and the
/// density is the mean of the periodograms:
///
///     S_k = dt / (sum_j w_j^2) * (1 / M) sum_m |Y^(m)_k|^2    (signal units^2 per MHz),
///
/// on bins binWidth = 1 / (L dt) MHz apart: scipy.signal.welch with
/// window "hann", nperseg L, noverlap floor(overlap L), detrend False and
/// scaling "density". Dividing by the window's power makes sum_k S_k binWidth
/// the mean power of the signal (Parseval): for one segment exactly its mean
/// weighted by the window, sum_j w_j^2 |x_j|^2 / sum_j w_j^2, and in
/// expectation for a stationary signal. Nothing is detrended (scipy's default
/// removes each segment's mean): a constant is a line at 0 MHz like any other.
///
/// - A real signal has a one-sided spectrum at k binWidth, k = 0 ... L / 2: the
///   power at -f is added to f (all bins doubled but 0 and, for even L, fs / 2),
///   so a tone a cos(2 pi f t + phi) is a line of power a^2 / 2 at f.
/// - A complex baseband signal has a two-sided spectrum at centerFrequency +
///   k binWidth, k = -L / 2 ..< L - L / 2, ascending (numpy.fft.fftshift's
///   order), so a tone A e^{2 pi i f t} is a line of power |A|^2 at
///   centerFrequency + f: a signal in a frame rotating at centerFrequency
///   shows at its true frequency.
public struct WelchSpectrum: Sendable {
    /// Bin frequencies, MHz, ascending.
    public let frequencies: [Double]
    /// Power spectral density at `frequencies`, signal units^2 per MHz.
    public let density: [Double]
    /// Spacing of `frequencies`, 1 / (L dt), MHz.
    public let binWidth: Double
    /// M, the number of segments averaged.
    public let segmentCount: Int

    /// The one-sided spectrum of a real signal; `sampleInterval` in µs,
    /// `segmentLength` L >= 2 samples (any length), `overlap` in [0, 1).
    public init(samples: [Double], sampleInterval: Double, segmentLength: Int, overlap: Double = 0.5) throws {
        try SpectrumInput.check(sampleInterval: sampleInterval, length: segmentLength, lengthField: "segmentLength",
                                sampleCount: samples.count)
        try SpectrumInput.check(overlap: overlap)
        try SpectrumInput.checkFinite(samples) { $0.isFinite }
        let length = segmentLength
        let (squaredMagnitudes, segments, scale) = Self.meanPeriodogram(
            of: samples.map { (re: $0, im: 0) }, sampleInterval: sampleInterval, segmentLength: length, overlap: overlap)
        let width = 1 / (Double(length) * sampleInterval)
        // For a real signal |Y_k| = |Y_{L-k}|: bin L - k is the power at -f_k.
        let density = (0...length / 2).map { k in
            scale * (squaredMagnitudes[k] + (0 < k && k < length - k ? squaredMagnitudes[length - k] : 0))
        }
        self.init(frequencies: density.indices.map { Double($0) * width }, density: density, binWidth: width,
                  segmentCount: segments)
    }

    /// The two-sided spectrum of a complex baseband signal, each bin shifted
    /// by `centerFrequency` (MHz); the other parameters as for a real signal.
    public init(samples: [ComplexSample], sampleInterval: Double, segmentLength: Int, overlap: Double = 0.5,
                centerFrequency: Double = 0) throws {
        try SpectrumInput.check(sampleInterval: sampleInterval, length: segmentLength, lengthField: "segmentLength",
                                sampleCount: samples.count)
        try SpectrumInput.check(overlap: overlap)
        try SpectrumInput.check(finite: centerFrequency, field: "centerFrequency")
        try SpectrumInput.checkFinite(samples) { $0.re.isFinite && $0.im.isFinite }
        let length = segmentLength
        let (squaredMagnitudes, segments, scale) = Self.meanPeriodogram(
            of: samples, sampleInterval: sampleInterval, segmentLength: length, overlap: overlap)
        var density = [Double](repeating: 0, count: length)
        Self.ascending(squaredMagnitudes, scale: scale, into: &density)
        let width = 1 / (Double(length) * sampleInterval)
        self.init(frequencies: (0..<length).map { centerFrequency + Double($0 - length / 2) * width },
                  density: density, binWidth: width, segmentCount: segments)
    }

    private init(frequencies: [Double], density: [Double], binWidth: Double, segmentCount: Int) {
        self.frequencies = frequencies
        self.density = density
        self.binWidth = binWidth
        self.segmentCount = segmentCount
    }

    /// The power (signal units^2) of the line at `frequency` (MHz): density
    /// times binWidth summed over the bin nearest `frequency` and the
    /// floor(halfWidth / binWidth) bins either side of it that exist (a line
    /// at the edge of the band is cut). The Hann window spreads a tone over
    /// about 2 bins each side and keeps all but 1e-4 of its power within 3,
    /// 1e-5 within 5, wherever it falls between bins.
    public func linePower(near frequency: Double, halfWidth: Double) -> Double {
        precondition(frequency.isFinite && halfWidth.isFinite && halfWidth >= 0, "need a finite frequency and half width")
        let nearest = ((frequency - frequencies[0]) / binWidth).rounded()
        let index = Int(min(max(nearest, 0), Double(density.count - 1)))
        return Self.linePower(of: density, around: index, halfWidth: halfWidth, binWidth: binWidth)
    }

    /// The strongest line: the frequency of the largest bin (MHz), and the
    /// power of the line there as `linePower(near:halfWidth:)` counts it.
    public func peak(halfWidth: Double) -> (frequency: Double, power: Double) {
        let index = density.indexOfMaximum
        return (frequencies[index], linePower(near: frequencies[index], halfWidth: halfWidth))
    }

    /// sum_m |Y^(m)_k|^2 over the segments (FFT order), their number M, and
    /// the factor dt / (M sum_j w_j^2) that makes the sum a density.
    private static func meanPeriodogram(of signal: [ComplexSample], sampleInterval: Double, segmentLength: Int,
                                        overlap: Double) -> (squaredMagnitudes: [Double], segments: Int, scale: Double) {
        let step = segmentLength - Int(overlap * Double(segmentLength))
        let segments = (signal.count - segmentLength) / step + 1
        var periodogram = HannPeriodogram(length: segmentLength)
        var squaredMagnitudes = [Double](repeating: 0, count: segmentLength)
        for segment in 0..<segments {
            periodogram.addSquaredMagnitudes(of: signal, from: segment * step, to: &squaredMagnitudes)
        }
        return (squaredMagnitudes, segments, sampleInterval / (Double(segments) * periodogram.windowPower))
    }

    /// A two-sided spectrum in FFT order, times `scale`, written in ascending
    /// frequency: entry i is bin i - L / 2, FFT index (i - L / 2) mod L.
    static func ascending(_ fftOrder: [Double], scale: Double, into spectrum: inout [Double]) {
        let length = fftOrder.count
        for i in 0..<length {
            spectrum[i] = scale * fftOrder[(i + length - length / 2) % length]
        }
    }

    /// Density times binWidth summed over density[index - m ... index + m]
    /// (within the array), m = floor(halfWidth / binWidth).
    static func linePower(of density: [Double], around index: Int, halfWidth: Double, binWidth: Double) -> Double {
        // A half width of a whole number of bins, as floating point gives it back, counts that many.
        let m = Int(min(halfWidth / binWidth * (1 + 1e-9), Double(density.count)))
        var power = 0.0
        for i in max(0, index - m)...min(density.count - 1, index + m) {
            power += density[i]
        }
        return power * binWidth
    }
}

extension [Double] {
    /// The index of the largest element (the first of equals), by a plain
    /// loop: `indices.max(by:)` allocates at every comparison in a debug build.
    var indexOfMaximum: Int {
        var best = 0
        for i in indices where self[i] > self[best] { best = i }
        return best
    }
}

/// The checks every spectrum of a sampled signal makes of its inputs, each
/// throwing an `InputError` that names the parameter at fault.
enum SpectrumInput {
    static func check(sampleInterval: Double, length: Int, lengthField: String, sampleCount: Int) throws {
        guard sampleInterval.isFinite && sampleInterval > 0 else {
            throw InputError(field: "sampleInterval", message: "must be a positive finite time in µs (got \(sampleInterval))")
        }
        guard length >= 2 else { throw InputError(field: lengthField, message: "must be at least 2 samples (got \(length))") }
        guard sampleCount >= length else {
            throw InputError(field: "samples", message: "has \(sampleCount) samples, fewer than the \(lengthField) \(length)")
        }
    }

    static func check(overlap: Double) throws {
        guard overlap >= 0 && overlap < 1 else {
            throw InputError(field: "overlap", message: "must be a fraction in [0, 1) (got \(overlap))")
        }
    }

    static func check(finite value: Double, field: String) throws {
        guard value.isFinite else { throw InputError(field: field, message: "must be finite (got \(value))") }
    }

    static func checkFinite<Sample>(_ samples: [Sample], _ isFinite: (Sample) -> Bool) throws {
        for index in samples.indices where !isFinite(samples[index]) {
            throw InputError(field: "samples[\(index)]", message: "must be finite (got \(samples[index]))")
        }
    }
}
