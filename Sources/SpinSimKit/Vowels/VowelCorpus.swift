import Diagnostics
import Formats
import SynchronyTask

/// The tokens of a vowel database the vowel task uses, and the split of its
/// talkers. Tokens: the chosen group's (women by default, as in Romera et
/// al. 2018) tokens of the chosen vowels whose steady-state F1 and F2 are
/// both measured; a token without them is counted, not used.
///
/// Split (by talker, never by token): the given training talkers, or by
/// default the group's talkers sorted by name and dealt alternately, even
/// positions (w01, w03, ...) training and odd ones test for fold 0, the
/// other way round for fold 1: half the talkers each, two disjoint halves.
public struct VowelCorpus: Sendable {
    public var vowels: [String]
    public var samples: [FormantSample]
    /// Tokens of the chosen group and vowels left out for an unmeasured F1 or F2.
    public var unmeasurable: Int
    /// The group's talkers, sorted.
    public var talkers: [String]

    /// Romera et al. chose women's steady-state formants and at least 7
    /// vowels; these 7 are the set of 7 of the database's 12 that logistic
    /// regression on (F1, F2) separates best on the fold-0 training talkers
    /// (their test talkers took no part in the choice).
    public static let defaultVowels = ["aw", "eh", "er", "ih", "iy", "oa", "uh"]

    public init(tokens: [VowelToken], vowels: [String], group: VowelToken.Group = .woman, path: String) throws(InputError) {
        guard vowels.count >= 2, Set(vowels).count == vowels.count else {
            throw InputError(field: "vowels", message: "needs at least two distinct vowels (got \(vowels.joined(separator: ",")))")
        }
        let known = Set(tokens.map(\.vowel))
        for vowel in vowels where !known.contains(vowel) {
            throw InputError(input: path, "has no token of vowel \(vowel) (it holds \(known.sorted().joined(separator: ",")))")
        }
        self.vowels = vowels
        let chosen = tokens.filter { $0.group == group && vowels.contains($0.vowel) }
        samples = []
        unmeasurable = 0
        for token in chosen.sorted(by: { ($0.talker, $0.vowel) < ($1.talker, $1.vowel) }) {
            guard let f1 = token.steadyState.f1, let f2 = token.steadyState.f2 else { unmeasurable += 1; continue }
            samples.append(FormantSample(name: token.name, talker: token.talker, vowel: vowels.firstIndex(of: token.vowel)!, f1: f1, f2: f2))
        }
        talkers = Array(Set(samples.map(\.talker))).sorted()
        guard talkers.count >= 2 else {
            throw InputError(input: path, "needs tokens of at least two talkers of group \(group.rawValue) for a split by talker")
        }
    }

    /// Fold 0 or 1 of the default alternating split.
    public func alternatingTrainingTalkers(fold: Int) -> [String] {
        talkers.indices.filter { $0 % 2 == fold }.map { talkers[$0] }
    }

    public func samples(of talkers: Set<String>) -> [FormantSample] { samples.filter { talkers.contains($0.talker) } }
    public func samples(notOf talkers: Set<String>) -> [FormantSample] { samples.filter { !talkers.contains($0.talker) } }
}
