import Diagnostics
import EventCore
import Foundation
import Oscillators
import Testing

/// A standard normal deviate (Box-Muller).
private func gaussian(_ random: inout Xoshiro256StarStar) -> Double {
    (-2 * log(1 - random.uniform())).squareRoot() * cos(2 * Double.pi * random.uniform())
}

/// n samples of white noise of variance `variance`: real, or complex with E|x|^2 = variance.
private func realNoise(count: Int, variance: Double, seed: UInt64) -> [Double] {
    var random = Xoshiro256StarStar(seed: seed, stream: 1)
    return (0..<count).map { _ in variance.squareRoot() * gaussian(&random) }
}

private func complexNoise(count: Int, variance: Double, seed: UInt64) -> [ComplexSample] {
    var random = Xoshiro256StarStar(seed: seed, stream: 2)
    let sigma = (variance / 2).squareRoot()
    return (0..<count).map { _ in (re: sigma * gaussian(&random), im: sigma * gaussian(&random)) }
}

/// A e^{2 pi i f t} at t = startTime + j dt, j < count.
private func complexTone(_ amplitude: ComplexSample, frequency: Double, interval: Double, count: Int,
                         startTime: Double = 0) -> [ComplexSample] {
    (0..<count).map { j in
        let angle = 2 * Double.pi * frequency * (startTime + Double(j) * interval)
        return (re: amplitude.re * cos(angle) - amplitude.im * sin(angle), im: amplitude.re * sin(angle) + amplitude.im * cos(angle))
    }
}

private func sum(_ signals: [[ComplexSample]]) -> [ComplexSample] {
    signals[0].indices.map { j in
        signals.reduce((re: 0, im: 0)) { (re: $0.re + $1[j].re, im: $0.im + $1[j].im) }
    }
}

private func integratedPower(_ spectrum: WelchSpectrum) -> Double {
    spectrum.density.reduce(0, +) * spectrum.binWidth
}

@Test(arguments: [12, 17, 1000])
func fourierTransformMatchesTheDefiningSum(length: Int) {
    var random = Xoshiro256StarStar(seed: 7, stream: UInt64(length))
    let signal = (0..<length).map { _ in (re: random.uniform(-1, 1), im: random.uniform(-1, 1)) }
    var transformed = signal
    FourierTransform(length: length).transform(&transformed)
    var worst = 0.0
    for k in 0..<length {
        var expected = (re: 0.0, im: 0.0)
        for (j, x) in signal.enumerated() {
            let angle = -2 * Double.pi * Double(j * k % length) / Double(length)
            expected.re += x.re * cos(angle) - x.im * sin(angle)
            expected.im += x.re * sin(angle) + x.im * cos(angle)
        }
        worst = max(worst, abs(transformed[k].re - expected.re), abs(transformed[k].im - expected.im))
    }
    #expect(worst < 1e-12 * Double(length), "worst difference from sum_j x_j e^(-2 pi i j k / n): \(worst)")
}

// Even and odd segment lengths: their spectra end differently (fs / 2 is a bin only for even L).
@Test(arguments: [1000, 999])
func realToneOffBinIntegratesToHalfItsSquaredAmplitude(segmentLength: Int) throws {
    let dt = 0.01, a = 1.7, f = 12.37  // µs, signal units, MHz: 0.3 bin or more from the nearest bin
    let samples = (0..<20_000).map { a * cos(2 * Double.pi * f * Double($0) * dt + 0.4) }
    let spectrum = try WelchSpectrum(samples: samples, sampleInterval: dt, segmentLength: segmentLength)
    #expect(spectrum.frequencies.count == segmentLength / 2 + 1 && spectrum.frequencies.first == 0)
    let peak = spectrum.peak(halfWidth: 0.5)
    #expect(abs(peak.power / (a * a / 2) - 1) < 1e-3, "line power \(peak.power), a^2 / 2 = \(a * a / 2)")
    // The largest bin of a Hann-windowed tone is the one nearest to it.
    #expect(abs(peak.frequency - f) <= spectrum.binWidth / 2)
}

@Test(arguments: [1000, 999])
func complexToneOffBinIntegratesToItsSquaredModulusAtItsTrueFrequency(segmentLength: Int) throws {
    let dt = 0.01, amplitude = (re: 1.2, im: -0.5), offset = -3.33, center = 250.0
    let samples = complexTone(amplitude, frequency: offset, interval: dt, count: 20_000)
    let spectrum = try WelchSpectrum(samples: samples, sampleInterval: dt, segmentLength: segmentLength,
                                     centerFrequency: center)
    #expect(spectrum.frequencies.count == segmentLength && spectrum.frequencies[segmentLength / 2] == center)
    let peak = spectrum.peak(halfWidth: 0.5)
    #expect(abs(peak.power / 1.69 - 1) < 1e-3, "line power \(peak.power), |A|^2 = 1.69")
    #expect(abs(peak.frequency - (center + offset)) <= spectrum.binWidth / 2)
    #expect(abs(spectrum.linePower(near: center + offset, halfWidth: 0.5) / 1.69 - 1) < 1e-3)
    // No mirror image: a complex tone has one line only.
    #expect(spectrum.linePower(near: center - offset, halfWidth: 0.5) < 1e-6)
}

@Test func welchOnWhiteNoiseIntegratesToTheMeanPower() throws {
    let count = 1 << 16
    let real = realNoise(count: count, variance: 1.7, seed: 1)
    let realSpectrum = try WelchSpectrum(samples: real, sampleInterval: 0.02, segmentLength: 1024)
    let realPower = real.reduce(0) { $0 + $1 * $1 } / Double(count)
    #expect(abs(integratedPower(realSpectrum) / realPower - 1) < 0.02)
    let complex = complexNoise(count: count, variance: 1.7, seed: 2)
    let complexSpectrum = try WelchSpectrum(samples: complex, sampleInterval: 0.02, segmentLength: 1000, overlap: 0.25)
    #expect(complexSpectrum.segmentCount == (count - 1000) / 750 + 1)
    let complexPower = complex.reduce(0) { $0 + $1.re * $1.re + $1.im * $1.im } / Double(count)
    #expect(abs(integratedPower(complexSpectrum) / complexPower - 1) < 0.02)
}

@Test(arguments: [3000, 3001])
func oneSegmentIntegratesExactlyToTheWindowedMeanPower(count: Int) throws {
    // Parseval for the periodogram: sum_k S_k binWidth = sum_j w_j^2 |x_j|^2 / sum_j w_j^2.
    let window = (0..<count).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(count)) }
    let windowPower = window.reduce(0) { $0 + $1 * $1 }
    let real = realNoise(count: count, variance: 1, seed: 3).enumerated().map { $1 + 0.3 * sin(Double($0)) }
    let realExpected = zip(window, real).reduce(0) { $0 + $1.0 * $1.0 * $1.1 * $1.1 } / windowPower
    let realSpectrum = try WelchSpectrum(samples: real, sampleInterval: 0.05, segmentLength: count)
    #expect(realSpectrum.segmentCount == 1)
    #expect(abs(integratedPower(realSpectrum) / realExpected - 1) < 1e-12)
    let complex = complexNoise(count: count, variance: 1, seed: 4)
    let complexExpected = zip(window, complex).reduce(0) { $0 + $1.0 * $1.0 * ($1.1.re * $1.1.re + $1.1.im * $1.1.im) }
        / windowPower
    let complexSpectrum = try WelchSpectrum(samples: complex, sampleInterval: 0.05, segmentLength: count)
    #expect(abs(integratedPower(complexSpectrum) / complexExpected - 1) < 1e-12)
}

@Test func whiteNoiseDensityIsFlatAtVarianceTimesInterval() throws {
    let count = 1 << 16, variance = 2.0, dt = 0.02  // two-sided level variance dt = 0.04 per MHz
    let complex = try WelchSpectrum(samples: complexNoise(count: count, variance: variance, seed: 5), sampleInterval: dt,
                                    segmentLength: 256)
    // Each quarter of the band on its own: a slope or a misplaced half would show.
    for quarter in 0..<4 {
        let bins = complex.density[(quarter * 64)..<((quarter + 1) * 64)]
        let level = bins.reduce(0, +) / Double(bins.count)
        #expect(abs(level / (variance * dt) - 1) < 0.03, "quarter \(quarter): \(level) per MHz")
    }
    // One-sided, a real signal's bins hold twice that (but at 0 and fs / 2, which have no mirror).
    let real = try WelchSpectrum(samples: realNoise(count: count, variance: variance, seed: 6), sampleInterval: dt,
                                 segmentLength: 256)
    let interior = real.density[1..<128]
    #expect(abs(interior.reduce(0, +) / Double(interior.count) / (2 * variance * dt) - 1) < 0.03)
}

@Test func phaseDiffusionGivesALorentzianOfWidthDOverPi() throws {
    // exp(i phi), phi a Wiener process with <(dphi)^2> = 2 D dt: autocorrelation e^(-D |tau|),
    // density proportional to 1 / ((f - f0)^2 + (D / 2 pi)^2), full width at half maximum D / pi.
    let dt = 0.05, diffusion = 0.4 * Double.pi, offset = 1.3, center = 100.0, width = diffusion / Double.pi
    var random = Xoshiro256StarStar(seed: 11, stream: 3)
    var phase = 0.0
    let samples: [ComplexSample] = (0..<401_000).map { _ in
        defer { phase += 2 * Double.pi * offset * dt + (2 * diffusion * dt).squareRoot() * gaussian(&random) }
        return (re: cos(phase), im: sin(phase))
    }
    // Bins of width / 40, so the window's own width (about 1.4 bins) broadens the line by far less than 5 %.
    let spectrum = try WelchSpectrum(samples: samples, sampleInterval: dt, segmentLength: 2000, centerFrequency: center)
    #expect(spectrum.segmentCount == 400)
    // 1 / S is quadratic in f: fit c0 + c1 x + c2 x^2 within two widths of the line, weighted by S^2
    // (the relative scatter of S is the same in every bin).
    var normal = [[Double]](repeating: [0, 0, 0, 0], count: 3)
    for (f, s) in zip(spectrum.frequencies, spectrum.density) where abs(f - center - offset) <= 2 * width {
        let x = f - center - offset, powers = [1, x, x * x]
        for row in 0..<3 {
            for column in 0..<3 { normal[row][column] += s * s * powers[row] * powers[column] }
            normal[row][3] += s * powers[row]  // weight s^2 times 1 / s
        }
    }
    let c = solve3(normal)
    let fittedCentre = -c[1] / (2 * c[2])
    let fittedWidth = 2 * (c[0] / c[2] - fittedCentre * fittedCentre).squareRoot()
    #expect(abs(fittedWidth / width - 1) < 0.05, "fitted FWHM \(fittedWidth) MHz, D / pi = \(width) MHz")
    #expect(abs(fittedCentre) < spectrum.binWidth)
}

/// The solution of a 3 x 3 system given as rows [a0, a1, a2, b] (Gaussian elimination).
private func solve3(_ rows: [[Double]]) -> [Double] {
    var m = rows
    for pivot in 0..<3 {
        for row in (pivot + 1)..<3 {
            let factor = m[row][pivot] / m[pivot][pivot]
            for column in pivot...3 { m[row][column] -= factor * m[pivot][column] }
        }
    }
    var x = [0.0, 0.0, 0.0]
    for row in (0..<3).reversed() {
        x[row] = (m[row][3] - ((row + 1)..<3).reduce(0) { $0 + m[row][$1] * x[$1] }) / m[row][row]
    }
    return x
}

@Test func spectrogramMaxHoldShowsNineForThreeLockedTonesAndOneForThreeApart() throws {
    let dt = 0.01, count = 20_000, f = 1.234, center = 250.0
    let locked = sum((0..<3).map { _ in complexTone((1, 0), frequency: f, interval: dt, count: count) })
    let lockedFrames = try Spectrogram(samples: locked, sampleInterval: dt, windowLength: 1000, hop: 500,
                                       lineHalfWidth: 0.5, centerFrequency: center)
    #expect(lockedFrames.frames.count == 39 && lockedFrames.frames.first?.time == 5)
    #expect(abs(lockedFrames.maxLinePower / 9 - 1) < 1e-3, "locked: \(lockedFrames.maxLinePower)")
    #expect(lockedFrames.frames.allSatisfy { abs($0.frequency - (center + f)) <= lockedFrames.binWidth })
    let apart = sum([-2.0, 0, 2].map { complexTone((1, 0), frequency: f + $0, interval: dt, count: count) })
    let apartFrames = try Spectrogram(samples: apart, sampleInterval: dt, windowLength: 1000, hop: 500,
                                      lineHalfWidth: 0.5, centerFrequency: center)
    #expect(abs(apartFrames.maxLinePower - 1) < 1e-2, "apart: \(apartFrames.maxLinePower)")
}

@Test func spectrogramFramesFollowAChirpAtTheirCentreTimes() throws {
    // f(t) = -10 MHz + 0.05 MHz/us t: a frame placed at its window's start instead of its centre
    // would be 2.5 bins off, one that ignored startTime 1.5 bins.
    let dt = 0.02, start = 30.0, rate = 0.05, f0 = -10 - rate * start, center = 80.0
    let samples: [ComplexSample] = (0..<20_000).map { j in
        let t = start + Double(j) * dt, angle = 2 * Double.pi * (f0 * t + rate * t * t / 2)
        return (re: cos(angle), im: sin(angle))
    }
    let spectrogram = try Spectrogram(samples: samples, sampleInterval: dt, windowLength: 500, hop: 250,
                                      lineHalfWidth: 0.3, centerFrequency: center, startTime: start)
    #expect(spectrogram.frames.count == 79)
    for frame in spectrogram.frames {
        let expected = center + f0 + rate * frame.time
        #expect(abs(frame.frequency - expected) <= spectrogram.binWidth, "at \(frame.time) us: \(frame.frequency) MHz, not \(expected)")
    }
}

@Test func invalidInputsAreRejectedNamingTheField() {
    func field(_ make: () throws -> Any) -> String {
        do {
            _ = try make()
            return "(accepted)"
        } catch let error as InputError {
            return error.field
        } catch {
            return "(\(error))"
        }
    }
    let complex = complexTone((1, 0), frequency: 1, interval: 0.1, count: 64)
    let real = complex.map { $0.re }
    var realWithNaN = real, complexWithInfinity = complex
    realWithNaN[3] = .nan
    complexWithInfinity[5].im = .infinity
    for interval in [0, -1, Double.nan, Double.infinity] {
        #expect(field { try WelchSpectrum(samples: real, sampleInterval: interval, segmentLength: 16) } == "sampleInterval")
        #expect(field { try Spectrogram(samples: complex, sampleInterval: interval, windowLength: 16, hop: 8, lineHalfWidth: 1) }
            == "sampleInterval")
    }
    for overlap in [1, -0.1, Double.nan] {
        #expect(field { try WelchSpectrum(samples: complex, sampleInterval: 0.1, segmentLength: 16, overlap: overlap) } == "overlap")
    }
    #expect(field { try WelchSpectrum(samples: real, sampleInterval: 0.1, segmentLength: 1) } == "segmentLength")
    #expect(field { try WelchSpectrum(samples: real, sampleInterval: 0.1, segmentLength: 65) } == "samples")
    #expect(field { try WelchSpectrum(samples: realWithNaN, sampleInterval: 0.1, segmentLength: 16) } == "samples[3]")
    #expect(field { try WelchSpectrum(samples: complexWithInfinity, sampleInterval: 0.1, segmentLength: 16) } == "samples[5]")
    #expect(field { try WelchSpectrum(samples: complex, sampleInterval: 0.1, segmentLength: 16, centerFrequency: .nan) }
        == "centerFrequency")
    #expect(field { try Spectrogram(samples: complex, sampleInterval: 0.1, windowLength: 1, hop: 1, lineHalfWidth: 1) }
        == "windowLength")
    #expect(field { try Spectrogram(samples: complex, sampleInterval: 0.1, windowLength: 65, hop: 1, lineHalfWidth: 1) }
        == "samples")
    #expect(field { try Spectrogram(samples: complex, sampleInterval: 0.1, windowLength: 16, hop: 0, lineHalfWidth: 1) } == "hop")
    for halfWidth in [-1, Double.infinity] {
        #expect(field { try Spectrogram(samples: complex, sampleInterval: 0.1, windowLength: 16, hop: 8, lineHalfWidth: halfWidth) }
            == "lineHalfWidth")
    }
    #expect(field { try Spectrogram(samples: complex, sampleInterval: 0.1, windowLength: 16, hop: 8, lineHalfWidth: 1,
                                    startTime: .nan) } == "startTime")
    #expect(field { try Spectrogram(samples: complexWithInfinity, sampleInterval: 0.1, windowLength: 16, hop: 8, lineHalfWidth: 1) }
        == "samples[5]")
    #expect(field { try WelchSpectrum(samples: real, sampleInterval: 0.1, segmentLength: 16) } == "(accepted)")
    #expect(throws: InputError(field: "samples[3]", message: "must be finite (got nan)")) {
        try WelchSpectrum(samples: realWithNaN, sampleInterval: 0.1, segmentLength: 16)
    }
}

@Test(arguments: [4096, 3000])
func powerSpectrumKeepsItsDocumentedNormalisation(count: Int) {
    // A tone of amplitude a on bin 75: power a^2 / 4 on that bin, a quarter of it on each neighbour.
    // All samples count: with 3000, a transform of the first 2048 would put the tone between bins.
    let dt = 0.01, a = 1.5
    let samples = (0..<count).map { a * cos(2 * Double.pi * 75 * Double($0) / Double(count) + 0.3) }
    let spectrum = PowerSpectrum(samples: samples, sampleInterval: dt)
    #expect(spectrum.frequencies.count == count / 2 + 1)
    #expect(abs(spectrum.peak.frequency - 75 / (Double(count) * dt)) < 1e-12)
    #expect(abs(spectrum.peak.power / (a * a / 4) - 1) < 1e-9)
    #expect(abs(spectrum.linePower() / (a * a * 3 / 8) - 1) < 1e-9)
}
