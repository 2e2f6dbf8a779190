/// A recording's features: `frameCount` frames of `channels` values each,
/// frame-major (frame k's channel c at `values[k * channels + c]`).
public struct FeatureFrames: Sendable, Equatable {
    public let channels: Int
    public var values: [Double]

    public init(channels: Int, values: [Double]) {
        precondition(channels > 0 && values.count % channels == 0, "values must fill whole frames")
        self.channels = channels
        self.values = values
    }

    public var frameCount: Int { values.count / channels }

    public func frame(_ k: Int) -> ArraySlice<Double> {
        values[(k * channels)..<((k + 1) * channels)]
    }

    /// The features scaled into [0, 1] by the utterance's own smallest and
    /// largest value: the mask then sees every utterance on one scale,
    /// whatever its loudness, and nothing is learned from other recordings.
    public func scaledToUnitRange() -> FeatureFrames {
        guard let low = values.min(), let high = values.max(), high > low else {
            return FeatureFrames(channels: channels, values: [Double](repeating: 0, count: values.count))
        }
        let scale = 1 / (high - low)
        return FeatureFrames(channels: channels, values: values.map { ($0 - low) * scale })
    }
}
