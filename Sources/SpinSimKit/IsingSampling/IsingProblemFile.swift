import Diagnostics
import Formats
import Foundation
import Ising

/// An Ising problem as text, one term per line (what a D-Wave user has at hand):
///
///     # comments and blank lines are skipped
///     i i h       a field on spin i (the same index twice)
///     i j J       a coupling between spins i and j
///
/// Indices are 0-based integers; the spin count is the largest index + 1.
/// `convention` says what the numbers mean: `dwave` (dimod's Ising model,
/// E = sum h_i s_i + sum J_ij s_i s_j, the default) or `physics`
/// (E = -sum h_i s_i - sum J_ij s_i s_j, SpinSim's own). A `dwave` file is
/// read with its signs flipped, so `problem.energy` is the file's energy
/// in either convention.
public struct IsingProblemFile: Sendable {
    public enum Convention: String, Sendable, CaseIterable {
        case dwave, physics
        /// What the file's numbers are multiplied by to give SpinSim's h and J.
        public var sign: Double { self == .physics ? 1 : -1 }
    }

    public let problem: IsingProblem
    public let convention: Convention

    /// At most 10^7 spins and 10^8 terms: a larger file is refused before it is read.
    public static let largestFile = 4 << 30

    public init(path: String, convention: Convention) throws(InputError) {
        let text = try InputFile.readText(path, limit: Self.largestFile, what: "an Ising problem file")
        var fields: [Int: Double] = [:]
        var couplings: [(i: Int, j: Int, coupling: Double)] = []
        var largest = -1
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" })
            if words.isEmpty { continue }
            func bad(_ reason: String) -> InputError { InputError(input: path, "line \(number + 1): \(reason)") }
            guard words.count == 3 else { throw bad("expected 'i j value', found \(words.count) fields") }
            guard let i = Int(words[0]), let j = Int(words[1]), i >= 0, j >= 0, i < 10_000_000, j < 10_000_000 else {
                throw bad("spin indices must be integers in 0..<10000000")
            }
            guard let value = Double(words[2]), value.isFinite, abs(value) < 1e12 else {
                throw bad("the value must be a finite number below 1e12 in magnitude")
            }
            largest = max(largest, i, j)
            if i == j {
                guard fields[i] == nil else { throw bad("a second field on spin \(i)") }
                fields[i] = convention.sign * value
            } else {
                guard couplings.count < 100_000_000 else { throw bad("more than 10^8 couplings") }
                couplings.append((i, j, convention.sign * value))
            }
        }
        guard largest >= 0 else { throw InputError(input: path, "no terms (expected lines 'i j value')") }
        do {
            problem = try IsingProblem(fields: (0...largest).map { fields[$0] ?? 0 }, couplings: couplings)
        } catch {
            throw InputError(input: path, error.problem)
        }
        self.convention = convention
    }
}
