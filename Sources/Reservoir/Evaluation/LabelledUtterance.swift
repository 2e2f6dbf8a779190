/// One utterance as the reservoir sees it: its features (scaled to [0, 1]),
/// its class index and the cross-validation fold it belongs to.
public struct LabelledUtterance: Sendable {
    public var features: FeatureFrames
    public var label: Int
    public var fold: Int

    public init(features: FeatureFrames, label: Int, fold: Int) {
        self.features = features
        self.label = label
        self.fold = fold
    }
}
