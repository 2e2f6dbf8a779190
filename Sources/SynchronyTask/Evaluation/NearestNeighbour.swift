/// One nearest neighbour: the class of the training sample closest
/// (Euclidean, standardised features) to the sample; the earlier training
/// sample on a tie. Its training accuracy is 100 % whenever no two training
/// samples coincide with different labels, which is why it is shown beside
/// its held-out accuracy.
public struct NearestNeighbour: SampleClassifier {
    public let classes: [String]
    public let scaling: FeatureScaling
    private let points: [[Double]]
    private let labels: [String]

    public init(samples: [InputSpikeTimes], labels: [String]) {
        precondition(!samples.isEmpty && labels.count == samples.count, "one label per sample, at least one")
        classes = classesInOrder(labels)
        scaling = FeatureScaling(samples: samples)
        points = samples.map(scaling.features)
        self.labels = labels
    }

    public func predict(_ sample: InputSpikeTimes) -> String {
        labels[nearest(to: scaling.features(sample), among: points)]
    }
}
