/// What the read-out needs of one utterance after fitting: its states summed
/// over frames, the frame count and its class.
public struct UtteranceStates: Sendable, Equatable {
    public var stateSum: [Double]
    public var frames: Int
    public var label: Int

    public init(_ states: FeatureFrames, label: Int) {
        var sum = [Double](repeating: 0, count: states.channels)
        for k in 0..<states.frameCount {
            for i in 0..<states.channels { sum[i] += states.values[k * states.channels + i] }
        }
        stateSum = sum
        frames = states.frameCount
        self.label = label
    }
}
