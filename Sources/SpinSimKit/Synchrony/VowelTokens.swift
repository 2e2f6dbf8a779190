import Formats
import SynchronyTask

/// Samples of the synchrony task made from a vowel database, as the
/// benchmark was made (Romera et al. 2022): for each token of the chosen
/// talker group and vowels, t2 = 4.8e5 / F2 and t3 = 2.4e5 / F1, F1 and F2
/// at steady state in Hz (t1 = 0).
public struct VowelTokenSelection: Sendable {
    /// A vowel of the database and the class its tokens get.
    public struct VowelClass: Sendable, Equatable {
        public var vowel: String
        public var cheese: String

        public init(vowel: String, cheese: String) {
            self.vowel = vowel
            self.cheese = cheese
        }
    }

    /// The task's classes: cheddar /aw/ (hawed), brie /er/ (heard), cheshire /iy/ (heed), stilton /uw/ (who'd).
    public static let cheeseVowels = [
        VowelClass(vowel: "aw", cheese: "cheddar"), VowelClass(vowel: "er", cheese: "brie"),
        VowelClass(vowel: "iy", cheese: "cheshire"), VowelClass(vowel: "uw", cheese: "stilton"),
    ]

    /// The vowels taken, in the order of the output.
    public var classes = cheeseVowels
    /// The benchmark's talkers are women.
    public var group = VowelToken.Group.woman
    /// Token names ("w03aw": talker and vowel) left out, e.g. those already in the benchmark.
    public var excluded: Set<String> = []

    public init() {}

    /// What a selection kept and skipped, per class (in `classes` order).
    public struct Result: Sendable, Equatable {
        public var rows: [BenchmarkCSV.Row] = []
        /// Tokens skipped because F1 or F2 is not measurable.
        public var unmeasurable: [Int]
        /// Tokens skipped because they are in `excluded`.
        public var excluded: [Int]
    }

    /// The samples of `tokens`, grouped by class, each class in talker order.
    public func select(_ tokens: [VowelToken]) -> Result {
        var result = Result(unmeasurable: classes.map { _ in 0 }, excluded: classes.map { _ in 0 })
        for (index, vowelClass) in classes.enumerated() {
            let candidates = tokens.filter { $0.group == group && $0.vowel == vowelClass.vowel }.sorted { $0.talker < $1.talker }
            for token in candidates {
                if excluded.contains(token.name) {
                    result.excluded[index] += 1
                } else if let f1 = token.steadyState.f1, let f2 = token.steadyState.f2 {
                    result.rows.append(BenchmarkCSV.Row(talker: token.talker, vowel: token.vowel, cheese: vowelClass.cheese,
                                                        f1Hz: f1, f2Hz: f2, sample: InputSpikeTimes(t2: 4.8e5 / f2, t3: 2.4e5 / f1)))
                } else {
                    result.unmeasurable[index] += 1
                }
            }
        }
        return result
    }
}
