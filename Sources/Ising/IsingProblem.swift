/// An Ising energy over N spins s_i in {-1, +1}:
///
///     E(s) = - sum_{i<j} J_ij s_i s_j - sum_i h_i s_i.
///
/// A positive coupling favours aligned spins; a positive field favours +1.
/// Couplings are stored once per direction in compressed rows (spin i's
/// neighbours j and J_ij), so the local field L_i = h_i + sum_j J_ij s_j of
/// any spin is one pass over its row.
public struct IsingProblem: Sendable, Equatable {
    public var fields: [Double]
    /// Row i of the couplings is `neighbours[rowStart[i]..<rowStart[i + 1]]`.
    public private(set) var rowStart: [Int32]
    public private(set) var neighbours: [Int32]
    public private(set) var couplings: [Double]

    public var spinCount: Int { fields.count }
    public var couplingCount: Int { couplings.count / 2 }

    /// A problem from fields and a list of couplings (i, j, J_ij), each pair
    /// once (a pair listed twice is two couplings, which add). Throws naming
    /// the first bad entry: an index out of range, i == j, a non-finite value.
    public init(fields: [Double], couplings list: [(i: Int, j: Int, coupling: Double)]) throws(IsingInputError) {
        for (k, h) in fields.enumerated() where !h.isFinite {
            throw IsingInputError("field of spin \(k) is not finite (\(h))")
        }
        let n = fields.count
        var degree = [Int32](repeating: 0, count: n + 1)
        for (k, entry) in list.enumerated() {
            guard entry.i >= 0, entry.i < n, entry.j >= 0, entry.j < n else {
                throw IsingInputError("coupling \(k) joins spins \(entry.i) and \(entry.j), outside 0..<\(n)")
            }
            guard entry.i != entry.j else { throw IsingInputError("coupling \(k) joins spin \(entry.i) to itself") }
            guard entry.coupling.isFinite else { throw IsingInputError("coupling \(k) is not finite (\(entry.coupling))") }
            degree[entry.i + 1] += 1
            degree[entry.j + 1] += 1
        }
        for i in 0..<n { degree[i + 1] += degree[i] }
        var fill = degree
        var neighbours = [Int32](repeating: 0, count: Int(degree[n]))
        var couplings = [Double](repeating: 0, count: Int(degree[n]))
        for entry in list {
            for (a, b) in [(entry.i, entry.j), (entry.j, entry.i)] {
                neighbours[Int(fill[a])] = Int32(b)
                couplings[Int(fill[a])] = entry.coupling
                fill[a] += 1
            }
        }
        self.fields = fields
        self.rowStart = degree
        self.neighbours = neighbours
        self.couplings = couplings
    }

    /// The local field L_i = h_i + sum_j J_ij s_j of every spin.
    public func localFields(_ spins: [Int8]) -> [Double] {
        (0..<spinCount).map { i in
            var field = fields[i]
            for k in Int(rowStart[i])..<Int(rowStart[i + 1]) { field += couplings[k] * Double(spins[Int(neighbours[k])]) }
            return field
        }
    }

    /// E(s), summed afresh (each pair once).
    public func energy(_ spins: [Int8]) -> Double {
        precondition(spins.count == spinCount, "one spin per field")
        var energy = 0.0
        for i in 0..<spinCount {
            let s = Double(spins[i])
            energy -= fields[i] * s
            for k in Int(rowStart[i])..<Int(rowStart[i + 1]) where Int(neighbours[k]) > i {
                energy -= couplings[k] * s * Double(spins[Int(neighbours[k])])
            }
        }
        return energy
    }

    /// The largest bound on a local field, max_i (|h_i| + sum_j |J_ij|) (a flip
    /// costs at most twice that), and the smallest nonzero |h_i| or |J_ij| (0
    /// if there is none): what the automatic temperature range is set from.
    public var energyScales: (largestField: Double, smallestTerm: Double) {
        var largest = 0.0, smallest = Double.infinity
        for i in 0..<spinCount {
            var bound = abs(fields[i])
            if fields[i] != 0 { smallest = min(smallest, abs(fields[i])) }
            for k in Int(rowStart[i])..<Int(rowStart[i + 1]) {
                bound += abs(couplings[k])
                if couplings[k] != 0 { smallest = min(smallest, abs(couplings[k])) }
            }
            largest = max(largest, bound)
        }
        return (largest, smallest.isFinite ? smallest : 0)
    }
}

/// What is wrong with an Ising problem or a schedule, in one line.
public struct IsingInputError: Error, Sendable, Equatable {
    public let problem: String
    public init(_ problem: String) { self.problem = problem }
}
