/// Band energies from a power spectrum, E_c = sum_k W_ck P_k, with weights
/// W (channels x bins) stored row by row, each row from its first to its
/// last non-zero bin.
struct FilterBank: Sendable {
    let bins: Int
    private let rows: [(first: Int, weights: [Double])]

    init(bins: Int, weight: (_ channel: Int, _ bin: Int) -> Double, channels: Int) {
        self.bins = bins
        rows = (0..<channels).map { c in
            let all = (0..<bins).map { weight(c, $0) }
            guard let first = all.firstIndex(where: { $0 != 0 }), let last = all.lastIndex(where: { $0 != 0 }) else {
                return (0, [])
            }
            return (first, Array(all[first...last]))
        }
    }

    var channels: Int { rows.count }

    func energies(_ spectra: FeatureFrames) -> FeatureFrames {
        precondition(spectra.channels == bins, "spectra of \(spectra.channels) bins for a bank of \(bins)")
        var values = [Double](repeating: 0, count: spectra.frameCount * channels)
        spectra.values.withUnsafeBufferPointer { power in
            for frame in 0..<spectra.frameCount {
                let base = frame * bins
                for (c, row) in rows.enumerated() {
                    var energy = 0.0
                    for (offset, w) in row.weights.enumerated() { energy += w * power[base + row.first + offset] }
                    values[frame * channels + c] = energy
                }
            }
        }
        return FeatureFrames(channels: channels, values: values)
    }
}
