#if canImport(Glibc)
import Glibc
#endif
import Diagnostics

/// How a recording becomes frames of features, with every parameter stated
/// (they are written to traces and model files). All three share the
/// short-time power spectrum P_k of `ShortTimeSpectrum` (25 ms Hann frames
/// every 10 ms by default):
///
/// - `spectrogram`: the linear-frequency spectrogram, log10(P_k + floor) for
///   every bin k = 0 ... n / 2.
/// - `mfcc`: mel-frequency cepstral coefficients. `channels` triangular
///   filters on the HTK mel scale m(f) = 2595 log10(1 + f / 700), centres
///   equally spaced in m from `lowestFrequency` to `highestFrequency` (each
///   filter rising from its lower neighbour's centre to its own and falling
///   to its upper neighbour's, peak weight 1), log of the band energies plus
///   `floor`, then the orthonormal DCT-II,
///   c_q = s_q sum_m log E_m cos(pi q (m + 1/2) / M), s_0 = sqrt(1/M), s_q = sqrt(2/M),
///   keeping c_0 ... c_{cepstra - 1}.
/// - `cochleagram`: a gammatone filter bank applied in the frequency domain
///   (the FFT approximation of Ellis's gammatonegram): `channels` centres
///   f_c equally spaced on the ERB-rate scale (Glasberg and Moore,
///   ERB(f) = 24.7 (4.37 f / 1000 + 1) Hz) from `lowestFrequency` to
///   `highestFrequency`, the power response of a 4th-order gammatone,
///   |H_c(f)|^2 = (1 + ((f - f_c) / b_c)^2)^-4 with b_c = 1.019 ERB(f_c),
///   and cube-root compression of the band energies (Stevens' power law of
///   loudness): E_c^(1/3).
///
/// `deltas` (0, 1 or 2) appends the first, and second, time derivatives of
/// the features (`FeatureFrames.withDeltas`). What the reservoir sees
/// (`reservoirInput`) is each block scaled to [0, 1] over the utterance.
public struct FrontEnd: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        case cochleagram, mfcc, spectrogram
    }

    public var kind: Kind
    /// Frame length and hop (s).
    public var frameLength: Double = 0.025
    public var hop: Double = 0.010
    /// Filters of the mel or gammatone bank (unused by `spectrogram`).
    public var channels: Int
    /// `mfcc`: coefficients kept.
    public var cepstra: Int = 13
    /// Band of the filter bank (Hz); `highestFrequency` 0 means half the sample rate.
    public var lowestFrequency: Double
    public var highestFrequency: Double = 0
    /// Added before a logarithm (units of P_k, full scale 1).
    public var floor: Double = 1e-10
    /// Orders of time derivatives appended (0, 1 or 2).
    public var deltas: Int = 0

    public init(kind: Kind) {
        self.kind = kind
        switch kind {
        case .cochleagram: channels = 64; lowestFrequency = 100
        case .mfcc: channels = 40; lowestFrequency = 0
        case .spectrogram: channels = 0; lowestFrequency = 0
        }
    }

    public func validate() throws(InputError) {
        func fail(_ field: String, _ message: String) -> InputError { InputError(field: field, message: message) }
        guard frameLength.isFinite, frameLength > 0, frameLength <= 1 else { throw fail("frameLength", "must be in (0, 1] s") }
        guard hop.isFinite, hop > 0, hop <= frameLength * 4 else { throw fail("hop", "must be positive and at most 4 frame lengths") }
        guard floor.isFinite, floor > 0 else { throw fail("floor", "must be positive") }
        if kind != .spectrogram {
            guard (1...512).contains(channels) else { throw fail("channels", "must be 1 to 512 filters") }
            guard lowestFrequency.isFinite, lowestFrequency >= 0 else { throw fail("lowestFrequency", "must be >= 0 Hz") }
            guard highestFrequency.isFinite, highestFrequency == 0 || highestFrequency > lowestFrequency else {
                throw fail("highestFrequency", "must be 0 (half the sample rate) or above lowestFrequency")
            }
        }
        if kind == .mfcc, !(1...channels).contains(cepstra) { throw fail("cepstra", "must be 1 to channels") }
        guard (0...2).contains(deltas) else { throw fail("deltas", "must be 0, 1 or 2 (got \(deltas))") }
    }

    /// Features per frame.
    public func featureCount(sampleRate: Double) -> Int {
        let base = switch kind {
        case .spectrogram: ShortTimeSpectrum(sampleRate: sampleRate, frameLength: frameLength, hop: hop).binCount
        case .mfcc: cepstra
        case .cochleagram: channels
        }
        return base * (1 + deltas)
    }

    /// The analysis of recordings at one sample rate (plans and filter weights made once).
    public func analyser(sampleRate: Double) throws(InputError) -> Analyser {
        try validate()
        let top = highestFrequency == 0 ? sampleRate / 2 : highestFrequency
        guard top <= sampleRate / 2 else {
            throw InputError(field: "highestFrequency", message: "\(top) Hz is above half the sample rate (\(sampleRate / 2) Hz)")
        }
        return Analyser(frontEnd: self, sampleRate: sampleRate, highestFrequency: top)
    }

    /// Turns recordings of one sample rate into feature frames.
    public struct Analyser: Sendable {
        public let frontEnd: FrontEnd
        public let spectrum: ShortTimeSpectrum
        private let bank: FilterBank?

        init(frontEnd: FrontEnd, sampleRate: Double, highestFrequency: Double) {
            self.frontEnd = frontEnd
            let spectrum = ShortTimeSpectrum(sampleRate: sampleRate, frameLength: frontEnd.frameLength, hop: frontEnd.hop)
            self.spectrum = spectrum
            let frequencies = (0..<spectrum.binCount).map(spectrum.frequency(ofBin:))
            switch frontEnd.kind {
            case .spectrogram:
                bank = nil
            case .mfcc:
                let edges = FrontEnd.melEdges(frontEnd.lowestFrequency, highestFrequency, filters: frontEnd.channels)
                bank = FilterBank(bins: spectrum.binCount, weight: { c, k in
                    FrontEnd.triangle(frequencies[k], lower: edges[c], centre: edges[c + 1], upper: edges[c + 2])
                }, channels: frontEnd.channels)
            case .cochleagram:
                let centres = FrontEnd.erbCentres(frontEnd.lowestFrequency, highestFrequency, channels: frontEnd.channels)
                bank = FilterBank(bins: spectrum.binCount, weight: { c, k in
                    let x = (frequencies[k] - centres[c]) / (1.019 * FrontEnd.equivalentRectangularBandwidth(centres[c]))
                    let response = pow(1 + x * x, -4)
                    // Weights below 1e-12 of the peak add nothing measurable: dropping them keeps rows short.
                    return response < 1e-12 ? 0 : response
                }, channels: frontEnd.channels)
            }
        }

        public var sampleRate: Double { spectrum.sampleRate }

        /// The features with their deltas, each block scaled to [0, 1]: what the mask is applied to.
        public func reservoirInput(_ samples: [Double]) -> FeatureFrames {
            features(samples).withDeltas(order: frontEnd.deltas).scaledToUnitRange(blocks: 1 + frontEnd.deltas)
        }

        public func features(_ samples: [Double]) -> FeatureFrames {
            let powers = spectrum.powers(samples)
            let floor = frontEnd.floor
            switch frontEnd.kind {
            case .spectrogram:
                return FeatureFrames(channels: powers.channels, values: powers.values.map { log10($0 + floor) })
            case .cochleagram:
                let energies = bank!.energies(powers)
                return FeatureFrames(channels: energies.channels, values: energies.values.map { cbrt($0) })
            case .mfcc:
                let energies = bank!.energies(powers)
                let m = energies.channels, kept = frontEnd.cepstra
                var values = [Double](repeating: 0, count: energies.frameCount * kept)
                var logs = [Double](repeating: 0, count: m)
                for frame in 0..<energies.frameCount {
                    for j in 0..<m { logs[j] = log(energies.values[frame * m + j] + floor) }
                    for q in 0..<kept {
                        var sum = 0.0
                        for j in 0..<m { sum += logs[j] * cos(Double.pi * Double(q) * (Double(j) + 0.5) / Double(m)) }
                        values[frame * kept + q] = sum * (q == 0 ? (1 / Double(m)).squareRoot() : (2 / Double(m)).squareRoot())
                    }
                }
                return FeatureFrames(channels: kept, values: values)
            }
        }
    }

    static func mel(_ f: Double) -> Double { 2595 * log10(1 + f / 700) }
    static func hertz(fromMel m: Double) -> Double { 700 * (pow(10, m / 2595) - 1) }

    /// The M + 2 edge and centre frequencies of M triangular mel filters (Hz).
    static func melEdges(_ low: Double, _ high: Double, filters: Int) -> [Double] {
        let a = mel(low), b = mel(high)
        return (0...(filters + 1)).map { hertz(fromMel: a + (b - a) * Double($0) / Double(filters + 1)) }
    }

    static func triangle(_ f: Double, lower: Double, centre: Double, upper: Double) -> Double {
        if f <= lower || f >= upper { return 0 }
        return f <= centre ? (f - lower) / (centre - lower) : (upper - f) / (upper - centre)
    }

    /// ERB(f) in Hz (Glasberg and Moore 1990).
    static func equivalentRectangularBandwidth(_ f: Double) -> Double { 24.7 * (4.37 * f / 1000 + 1) }

    /// Centres equally spaced on the ERB-rate scale E(f) = 21.4 log10(1 + 4.37 f / 1000).
    static func erbCentres(_ low: Double, _ high: Double, channels: Int) -> [Double] {
        func rate(_ f: Double) -> Double { 21.4 * log10(1 + 4.37 * f / 1000) }
        func frequency(_ e: Double) -> Double { (pow(10, e / 21.4) - 1) * 1000 / 4.37 }
        let a = rate(low), b = rate(high)
        guard channels > 1 else { return [frequency((a + b) / 2)] }
        return (0..<channels).map { frequency(a + (b - a) * Double($0) / Double(channels - 1)) }
    }
}
