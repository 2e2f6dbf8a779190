import Diagnostics

/// The strongest line in each short window of a long complex baseband
/// signal: what a spectrum analyser in max hold shows, window by window.
/// As a read-out of synchrony, n unit oscillators locked in phase make one
/// line of power n^2, unlocked at distinct frequencies n lines of power 1.
///
/// Window w covers the L samples from w hop; its spectrum is the two-sided
/// Hann-windowed density of `WelchSpectrum` for that window alone (one
/// segment), and its line is the largest bin with the floor(lineHalfWidth /
/// binWidth) bins either side, so a tone A e^{2 pi i f t} has power |A|^2
/// wherever it falls between bins. One FFTW plan and one set of buffers
/// serve every window.
public struct Spectrogram: Sendable {
    /// The strongest line of one window.
    public struct Frame: Sendable, Equatable {
        /// The window's centre, µs: startTime + (w hop + L / 2) dt, where its Hann window peaks.
        public let time: Double
        /// The frequency of the largest bin, MHz, centerFrequency included.
        public let frequency: Double
        /// The line's power: density times binWidth summed over its bins, signal units^2.
        public let power: Double
    }

    /// One frame per whole window, floor((N - L) / hop) + 1 of them, in time order.
    public let frames: [Frame]
    /// Spacing of the bins of a window, 1 / (L dt), MHz.
    public let binWidth: Double

    /// `samples` dt = `sampleInterval` µs apart, the first at `startTime` µs,
    /// in a frame rotating at `centerFrequency` MHz; `windowLength` L >= 2
    /// samples (any length), `hop` >= 1 samples, `lineHalfWidth` >= 0 MHz.
    public init(samples: [ComplexSample], sampleInterval: Double, windowLength: Int, hop: Int, lineHalfWidth: Double,
                centerFrequency: Double = 0, startTime: Double = 0) throws {
        try SpectrumInput.check(sampleInterval: sampleInterval, length: windowLength, lengthField: "windowLength",
                                sampleCount: samples.count)
        guard hop >= 1 else { throw InputError(field: "hop", message: "must be at least 1 sample (got \(hop))") }
        guard lineHalfWidth.isFinite && lineHalfWidth >= 0 else {
            throw InputError(field: "lineHalfWidth", message: "must be a finite frequency >= 0 MHz (got \(lineHalfWidth))")
        }
        try SpectrumInput.check(finite: centerFrequency, field: "centerFrequency")
        try SpectrumInput.check(finite: startTime, field: "startTime")
        try SpectrumInput.checkFinite(samples) { $0.re.isFinite && $0.im.isFinite }

        let length = windowLength
        binWidth = 1 / (Double(length) * sampleInterval)
        var periodogram = HannPeriodogram(length: length)
        let densityScale = sampleInterval / periodogram.windowPower
        var squaredMagnitudes = [Double](repeating: 0, count: length)
        var density = [Double](repeating: 0, count: length)
        var frames: [Frame] = []
        frames.reserveCapacity((samples.count - length) / hop + 1)
        for start in stride(from: 0, through: samples.count - length, by: hop) {
            for k in 0..<length { squaredMagnitudes[k] = 0 }
            periodogram.addSquaredMagnitudes(of: samples, from: start, to: &squaredMagnitudes)
            WelchSpectrum.ascending(squaredMagnitudes, scale: densityScale, into: &density)
            let peak = density.indexOfMaximum
            frames.append(Frame(
                time: startTime + (Double(start) + Double(length) / 2) * sampleInterval,
                frequency: centerFrequency + Double(peak - length / 2) * binWidth,
                power: WelchSpectrum.linePower(of: density, around: peak, halfWidth: lineHalfWidth, binWidth: binWidth)))
        }
        self.frames = frames
    }

    /// Max hold: the largest line power of any window, signal units^2.
    public var maxLinePower: Double {
        frames.reduce(0) { max($0, $1.power) }
    }
}
