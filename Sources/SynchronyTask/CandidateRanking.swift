extension SynchronyDetectorTrainer {
    /// How a simulated candidate detector ranks against the others: most
    /// correct training decisions first; then the objective listed first
    /// (separating: the widest geometric margins, so the most robust to noise
    /// and mismatch); then the widest simulated score gap.
    struct CandidateRanking: Comparable {
        var correct: Int
        /// Index of the proposing objective in `objectives` (lower is preferred).
        var objectiveRank: Int
        /// Lowest positive score minus highest negative score.
        var scoreGap: Double

        static func < (a: Self, b: Self) -> Bool {
            (a.correct, -a.objectiveRank, a.scoreGap) < (b.correct, -b.objectiveRank, b.scoreGap)
        }
    }
}
