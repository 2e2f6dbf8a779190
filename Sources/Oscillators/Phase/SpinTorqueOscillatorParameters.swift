/// Physical parameters of one spin-torque nano-oscillator seen as a phase
/// oscillator: f = f0 + k I (MHz), with optional phase noise.
public struct SpinTorqueOscillatorParameters: Sendable, Equatable, Codable {
    /// f0: frequency at zero drive current (MHz).
    public var frequencyAtZeroCurrent: Double
    /// k = df/dI (MHz per mA); vortex oscillators have a few MHz/mA.
    public var tunability: Double
    /// Full width at half maximum of the free-running spectral line (MHz);
    /// 0 for a noiseless oscillator. Phase diffusion: the phase (in cycles)
    /// gains variance linewidth * dt / (2 pi) over dt microseconds, since a
    /// Lorentzian line of FWHM df comes from a phase (radians) diffusing with
    /// D = pi df.
    public var linewidth: Double

    public init(frequencyAtZeroCurrent: Double, tunability: Double, linewidth: Double = 0) {
        self.frequencyAtZeroCurrent = frequencyAtZeroCurrent
        self.tunability = tunability
        self.linewidth = linewidth
    }

    /// Frequency (MHz) at drive current `current` (mA).
    public func frequency(atCurrent current: Double) -> Double {
        frequencyAtZeroCurrent + tunability * current
    }

    /// Drive current (mA) that gives `frequency` (MHz).
    public func current(forFrequency frequency: Double) -> Double {
        (frequency - frequencyAtZeroCurrent) / tunability
    }
}
