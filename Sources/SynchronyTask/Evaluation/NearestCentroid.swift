/// Nearest centroid: the class whose mean standardised (t2, t3) over the
/// training set is closest (Euclidean) to the sample's.
public struct NearestCentroid: SampleClassifier {
    public let classes: [String]
    public let scaling: FeatureScaling
    /// One centroid per class, in standardised features.
    public let centroids: [[Double]]

    public init(samples: [InputSpikeTimes], labels: [String]) {
        precondition(!samples.isEmpty && labels.count == samples.count, "one label per sample, at least one")
        classes = classesInOrder(labels)
        let scaling = FeatureScaling(samples: samples)
        let features = samples.map(scaling.features)
        centroids = classes.map { name in
            let members = features.indices.filter { labels[$0] == name }.map { features[$0] }
            return [0, 1].map { axis in members.reduce(0) { $0 + $1[axis] } / Double(members.count) }
        }
        self.scaling = scaling
    }

    public func predict(_ sample: InputSpikeTimes) -> String {
        classes[nearest(to: scaling.features(sample), among: centroids)]
    }
}

/// Index of the point of `points` closest (Euclidean) to `x`; the first on a tie.
func nearest(to x: [Double], among points: [[Double]]) -> Int {
    let distances = points.map { point in zip(point, x).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } }
    return distances.firstIndex(of: distances.min()!)!
}
