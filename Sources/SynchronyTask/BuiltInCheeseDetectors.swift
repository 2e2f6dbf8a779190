extension CheeseDetectorParameters {
    /// The detector shipped for each class of the benchmark. Cheddar is the
    /// design note's hand-made detector; Brie, Cheshire and Stilton were
    /// learned by `spinsim cheese train` (seed 1) on datasets/cheese/benchmark.csv
    /// and are the same as examples/cheese/<name>.json. Device mismatch
    /// (examples/cheese/sensitivity.py, one start frequency offset at a time):
    /// Cheshire and Stilton keep 40/40 at +/-0.5 MHz; Cheddar and Brie keep
    /// 40/40 up to +/-0.1 MHz and fall to 38-39/40 at 0.2 MHz, 33-34/40 at 0.5 MHz.
    public static func builtIn(target: String) -> CheeseDetectorParameters? {
        switch target {
        case "cheddar": .cheddar
        case "brie":
            CheeseDetectorParameters(
                target: "brie", startFrequencies: [330.58942740093136, 340.9032196283924, 336.7573873059634],
                rampRates: [0.014971147066365195, -0.040328354468222076, -0.032726532514210184],
                coupling: 2.5, threshold: 6.171383403417737)
        case "cheshire":
            CheeseDetectorParameters(
                target: "cheshire", startFrequencies: [323.77818591996345, 333.31172284927163, 323.1600681487642],
                rampRates: [-0.0014178895235958382, -0.03825450077924174, 0.05],
                coupling: 3, threshold: 6.5104841548764885)
        case "stilton":
            CheeseDetectorParameters(
                target: "stilton", startFrequencies: [344.0614268366656, 325.21867302494496, 325.2190179503567],
                rampRates: [-0.044595320754882734, 0.04407876373351417, 0.05],
                coupling: 3, threshold: 6.01378113238969)
        default: nil
        }
    }
}
