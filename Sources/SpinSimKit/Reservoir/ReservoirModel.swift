import Reservoir

/// A trained reservoir: everything needed to classify new recordings.
public struct ReservoirModel: Sendable, Equatable {
    public var frontEnd: FrontEnd
    /// The recordings' sample rate (Hz) the front end was made for.
    public var sampleRate: Double
    public var reservoir: ReservoirParameters
    public var readout: RidgeReadout
    public var classes: [String]
}
