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
        device("cheddar", [323.60795065007375, 340.2159411550364, 344.6386794677521],
               [0.02703869515343269, -0.005673304267617621, -0.020228408814122155], threshold: 6.333079712122181),
        device("brie", [329.4645250584079, 340.58953510257675, 336.56717440623964],
               [0.01833758981966839, -0.05, -0.04631433507003211], threshold: 6.270689170611228),
        device("cheshire", [322.07552979201364, 338.5200879701747, 323.71205278477953],
               [0.0033123797510944825, -0.045776144311477154, 0.05], threshold: 6.133062487102805),
        device("stilton", [350.0, 335.83003619503705, 335.83016353034424],
               [-0.03354142036302164, 0.05, -0.031231724031765096], threshold: 6.490304244743091),
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
