/// One token of the vowel task as the network sees it: who said which vowel
/// and its steady-state F1 and F2 (Hz).
public struct FormantSample: Sendable, Equatable {
    /// The token's name ("w03aw"): seeds its noise and names it in traces.
    public var name: String
    public var talker: String
    /// Index into the task's vowel list.
    public var vowel: Int
    public var f1: Double
    public var f2: Double

    public init(name: String, talker: String, vowel: Int, f1: Double, f2: Double) {
        self.name = name
        self.talker = talker
        self.vowel = vowel
        self.f1 = f1
        self.f2 = f2
    }
}
