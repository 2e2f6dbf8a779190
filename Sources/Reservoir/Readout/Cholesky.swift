/// Solves A X = B for a symmetric positive definite A (n x n, row-major,
/// upper triangle read) and B (n x m, row-major) by Cholesky factorisation,
/// A = L L^T. Returns nil if A is not numerically positive definite.
/// A ridge system is at most a few thousand unknowns and solved a few
/// dozen times per run; no LAPACK is needed for that (a 400 x 400 solve
/// is 2e7 multiply-adds).
func choleskySolve(_ a: [Double], n: Int, _ b: [Double], m: Int) -> [Double]? {
    var l = [Double](repeating: 0, count: n * n)
    let factored = l.withUnsafeMutableBufferPointer { buffer -> Bool in
        let l = buffer.baseAddress!
        for j in 0..<n {
            let rowJ = l + j * n
            let diagonal = a[j * n + j] - dotProduct(rowJ, rowJ, j)
            guard diagonal > 0, diagonal.isFinite else { return false }
            let ljj = diagonal.squareRoot()
            rowJ[j] = ljj
            for i in (j + 1)..<n {
                // A_ij with i > j lives at [j, i] in the upper triangle; row i of L up to j - 1 is done.
                l[i * n + j] = (a[j * n + i] - dotProduct(l + i * n, rowJ, j)) / ljj
            }
        }
        return true
    }
    guard factored else { return nil }
    var x = b
    for column in 0..<m {
        for i in 0..<n {
            var sum = x[i * m + column]
            for k in 0..<i { sum -= l[i * n + k] * x[k * m + column] }
            x[i * m + column] = sum / l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = x[i * m + column]
            for k in (i + 1)..<n { sum -= l[k * n + i] * x[k * m + column] }
            x[i * m + column] = sum / l[i * n + i]
        }
    }
    return x
}
