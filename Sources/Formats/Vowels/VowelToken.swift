/// One recorded vowel of the Hillenbrand et al. (1995) database: who said it,
/// which vowel, and its measurements. A measurement the database marks as not
/// measurable (zero in the file) is nil.
public struct VowelToken: Sendable, Equatable {
    /// The talker groups of the database, by the letter that starts a token name.
    public enum Group: Character, Sendable, CaseIterable {
        case man = "m", woman = "w", boy = "b", girl = "g"
    }

    /// Formant frequencies (Hz) at one point of the vowel; nil: not measurable.
    public struct Formants: Sendable, Equatable {
        public var f1: Double?
        public var f2: Double?
        public var f3: Double?

        public init(f1: Double?, f2: Double?, f3: Double?) {
            self.f1 = f1
            self.f2 = f2
            self.f3 = f3
        }
    }

    public var group: Group
    /// The talker, with the group letter: "w03".
    public var talker: String
    /// The two-letter vowel code: "aw" (hawed), "er" (heard), "iy" (heed), "uw" (who'd), ...
    public var vowel: String
    public var durationMs: Double?
    /// Fundamental frequency (Hz) at steady state.
    public var f0: Double?
    /// F1-F3 at steady state.
    public var steadyState: Formants
    /// F4 at steady state (the database gives F4 there only).
    public var steadyStateF4: Double?
    /// F1-F3 at 20, 50 and 80 % of the vowel's duration.
    public var at20Percent: Formants
    public var at50Percent: Formants
    public var at80Percent: Formants
    /// Line in the file (the first line is 1).
    public var line: Int

    public init(group: Group, talker: String, vowel: String, durationMs: Double?, f0: Double?, steadyState: Formants,
                steadyStateF4: Double?, at20Percent: Formants, at50Percent: Formants, at80Percent: Formants, line: Int) {
        self.group = group
        self.talker = talker
        self.vowel = vowel
        self.durationMs = durationMs
        self.f0 = f0
        self.steadyState = steadyState
        self.steadyStateF4 = steadyStateF4
        self.at20Percent = at20Percent
        self.at50Percent = at50Percent
        self.at80Percent = at80Percent
        self.line = line
    }

    /// The database's file name of the token: talker then vowel, "w03aw".
    public var name: String { talker + vowel }
}
