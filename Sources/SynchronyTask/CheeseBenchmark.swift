/// The four-class benchmark of the synchrony task (datasets/cheese/benchmark.csv):
/// its class names and the detector shipped for each. The names are data
/// (the `cheese` column of the CSV); this is the one place they are listed.
public enum CheeseBenchmark {
    /// The detector shipped for each class, in class order. Cheddar is the
    /// design note's hand-made detector; Brie, Cheshire and Stilton were
    /// learned by `spinsim cheese train` (seed 1) on the benchmark and are the
    /// same as examples/cheese/<name>.json. Device mismatch
    /// (examples/cheese/sensitivity.py, one start frequency offset at a time):
    /// Cheshire and Stilton keep 40/40 at +/-0.5 MHz; Cheddar and Brie keep
    /// 40/40 up to +/-0.1 MHz and fall to 38-39/40 at 0.2 MHz, 33-34/40 at 0.5 MHz.
    public static let detectors: [SynchronyDetectorParameters] = [
        .cheddar,
        SynchronyDetectorParameters(
            target: "brie", startFrequencies: [330.58942740093136, 340.9032196283924, 336.7573873059634],
            rampRates: [0.014971147066365195, -0.040328354468222076, -0.032726532514210184],
            coupling: 2.5, threshold: 6.171383403417737),
        SynchronyDetectorParameters(
            target: "cheshire", startFrequencies: [323.77818591996345, 333.31172284927163, 323.1600681487642],
            rampRates: [-0.0014178895235958382, -0.03825450077924174, 0.05],
            coupling: 3, threshold: 6.5104841548764885),
        SynchronyDetectorParameters(
            target: "stilton", startFrequencies: [344.0614268366656, 325.21867302494496, 325.2190179503567],
            rampRates: [-0.044595320754882734, 0.04407876373351417, 0.05],
            coupling: 3, threshold: 6.01378113238969),
    ]

    /// The detectors shipped for the device model, in class order: learned by
    /// `spinsim cheese train --model device` (seed 1, couplings 0.04-0.12 MHz)
    /// on all 40 benchmark samples, the same as examples/cheese/device/<name>.json.
    /// On those 40 they are training figures (40/40 each); the held-out figures
    /// (`spinsim cheese evaluate`, folds by talker and other Hillenbrand tokens)
    /// are in the README.
    public static let deviceDetectors: [SynchronyDetectorParameters] = [
        device("cheddar", [344.1396636831669, 335.20004737042365, 332.89954492734694],
               [-0.02415481131831159, 0.01003576281771737, 0.04538356966908614], threshold: 6.378589972715121),
        device("brie", [347.609184934083, 328.3063369228495, 332.8613292290953],
               [-0.035720659220635796, 0.043936729010889054, 0.045107771092606504], threshold: 5.773744535045401),
        device("cheshire", [323.77818591996345, 333.31172284927163, 323.1600681487642],
               [-0.0014178895235958382, -0.03825450077924174, 0.05], threshold: 6.289199064654122),
        device("stilton", [344.0614268366656, 325.21867302494496, 325.2190179503567],
               [-0.044595320754882734, 0.04407876373351417, 0.05], threshold: 6.258720865341959),
    ]

    private static func device(_ target: String, _ starts: [Double], _ ramps: [Double], threshold: Double) -> SynchronyDetectorParameters {
        var p = deviceTemplate
        p.target = target
        p.startFrequencies = starts
        p.rampRates = ramps
        p.coupling = 0.12
        p.threshold = threshold
        return p
    }

    /// What device-model training starts from: Cheddar's lines on vortex
    /// devices, the spectrum read-out's defaults.
    public static let deviceTemplate: SynchronyDetectorParameters = {
        var p = SynchronyDetectorParameters.cheddar
        p.model = .device
        p.coupling = 0.08
        return p
    }()

    /// The classes in the order of confusion matrices and of a trace's `label` index.
    public static let classes = detectors.map(\.target)

    /// The shipped detector for `name`, if it is a class of the benchmark, for `model`.
    public static func detector(for name: String, model: SynchronyDetectorParameters.Model = .phase) -> SynchronyDetectorParameters? {
        (model == .device ? deviceDetectors : detectors).first { $0.target == name }
    }
}

extension SynchronyDetectorParameters {
    /// The built-in Cheddar detector (design note, section 3): lines from
    /// 323, 339 and 344 MHz ramping at +0.0165, -0.00293 and -0.011 MHz per
    /// unit meet within 0.28 MHz for every Cheddar sample; K = 2 MHz with
    /// 100 ns units makes the crossings slow enough to lock. It is also the
    /// trainer's template for everything training does not learn.
    public static let cheddar = SynchronyDetectorParameters(
        target: "cheddar", startFrequencies: [323, 339, 344], rampRates: [0.0165, -0.00293, -0.011], coupling: 2)
}
