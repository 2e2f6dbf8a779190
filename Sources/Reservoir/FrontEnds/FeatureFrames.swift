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
    /// largest value, separately in each of `blocks` equal groups of
    /// channels (static features and their deltas have different scales):
    /// the mask then sees every utterance on one scale, whatever its
    /// loudness, and nothing is learned from other recordings.
    public func scaledToUnitRange(blocks: Int = 1) -> FeatureFrames {
        precondition(blocks >= 1 && channels % blocks == 0, "blocks must divide the channels")
        let width = channels / blocks
        var scaled = values
        for block in 0..<blocks {
            var low = Double.infinity, high = -Double.infinity
            for k in 0..<frameCount {
                for c in (block * width)..<((block + 1) * width) {
                    low = min(low, values[k * channels + c])
                    high = max(high, values[k * channels + c])
                }
            }
            let scale = high > low ? 1 / (high - low) : 0
            for k in 0..<frameCount {
                for c in (block * width)..<((block + 1) * width) {
                    scaled[k * channels + c] = (values[k * channels + c] - low) * scale
                }
            }
        }
        return FeatureFrames(channels: channels, values: scaled)
    }

    /// The features followed by `order` blocks of time derivatives, each the
    /// regression over +-2 frames of the block before it,
    /// d_k = sum_{n=1,2} n (v_{k+n} - v_{k-n}) / 10, frames beyond either end
    /// repeating the end frame (the HTK/ETSI delta).
    public func withDeltas(order: Int) -> FeatureFrames {
        guard order > 0 else { return self }
        var blocks = [self]
        for _ in 0..<order {
            let previous = blocks.last!
            let last = frameCount - 1
            var delta = [Double](repeating: 0, count: values.count)
            for k in 0..<frameCount {
                for c in 0..<channels {
                    var sum = 0.0
                    for n in 1...2 {
                        sum += Double(n) * (previous.values[min(k + n, last) * channels + c]
                            - previous.values[max(k - n, 0) * channels + c])
                    }
                    delta[k * channels + c] = sum / 10
                }
            }
            blocks.append(FeatureFrames(channels: channels, values: delta))
        }
        var joined = [Double]()
        joined.reserveCapacity(values.count * (order + 1))
        for k in 0..<frameCount {
            for block in blocks { joined += block.frame(k) }
        }
        return FeatureFrames(channels: channels * (order + 1), values: joined)
    }
}
