/// A classifier of samples by their two spike times, fitted on labelled
/// samples: the yardsticks a synchrony detector has to beat. Every one is
/// deterministic (no seed), sees (t2, t3) standardised on its training set
/// (`FeatureScaling`), and knows the classes of its training labels, in
/// order of first appearance; ties go to the class seen first.
public protocol SampleClassifier: Sendable {
    var classes: [String] { get }
    func predict(_ sample: InputSpikeTimes) -> String
}

/// The classifiers the baselines compare, by the name tables print.
public enum BaselineClassifier: String, CaseIterable, Sendable {
    case logisticRegression = "logistic regression"
    case nearestCentroid = "nearest centroid"
    case nearestNeighbour = "1-nearest neighbour"
    case majorityClass = "majority class"

    /// This classifier fitted on `samples` with one label each (at least one sample).
    public func fit(samples: [InputSpikeTimes], labels: [String]) -> any SampleClassifier {
        switch self {
        case .logisticRegression: LogisticRegression(samples: samples, labels: labels)
        case .nearestCentroid: NearestCentroid(samples: samples, labels: labels)
        case .nearestNeighbour: NearestNeighbour(samples: samples, labels: labels)
        case .majorityClass: MajorityClass(samples: samples, labels: labels)
        }
    }
}

/// The distinct labels in order of first appearance.
func classesInOrder(_ labels: [String]) -> [String] {
    var seen = Set<String>()
    return labels.filter { seen.insert($0).inserted }
}

/// Standardisation of (t2, t3) fitted on a training set: each feature minus
/// its training mean, over its training standard deviation (population, 1/n).
/// A feature constant on the training set is only centred (a spread of 1),
/// since it separates nothing there and must not divide by zero.
public struct FeatureScaling: Sendable, Equatable {
    public let mean: [Double]
    public let spread: [Double]

    public init(samples: [InputSpikeTimes]) {
        precondition(!samples.isEmpty, "scaling needs at least one sample")
        let columns = [samples.map(\.t2), samples.map(\.t3)]
        let n = Double(samples.count)
        mean = columns.map { $0.reduce(0, +) / n }
        spread = zip(columns, mean).map { column, mean in
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
            return variance > 0 ? variance.squareRoot() : 1
        }
    }

    /// The standardised features of one sample: [t2, t3].
    public func features(_ sample: InputSpikeTimes) -> [Double] {
        [(sample.t2 - mean[0]) / spread[0], (sample.t3 - mean[1]) / spread[1]]
    }
}

/// The trivial baseline: always the most frequent training class.
public struct MajorityClass: SampleClassifier {
    public let classes: [String]
    public let majority: String

    public init(samples: [InputSpikeTimes], labels: [String]) {
        precondition(!labels.isEmpty && labels.count == samples.count, "one label per sample, at least one")
        classes = classesInOrder(labels)
        let counts = classes.map { name in labels.filter { $0 == name }.count }
        majority = classes[counts.firstIndex(of: counts.max()!)!]
    }

    public func predict(_: InputSpikeTimes) -> String { majority }
}
