// The read-out's Gram matrices and Cholesky factors are almost all dot
// products. The compiler keeps a floating-point reduction in source order
// (it may not reassociate), so a plain loop runs one multiply-add at a time;
// these kernels keep several SIMD2 partial sums instead (SIMD2: the baseline
// x86-64 target has 16 128-bit registers, and wider vectors spill; measured
// with perf). Each sum's order depends on `count` only, so results are
// bit-identical run to run and for any thread count.

/// sum_k a[k] b[k] for k < count: four SIMD2 partial sums over blocks of 8,
/// added pairwise, then the tail.
@inline(__always)
func dotProduct(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, _ count: Int) -> Double {
    var s0 = SIMD2<Double>(), s1 = SIMD2<Double>(), s2 = SIMD2<Double>(), s3 = SIMD2<Double>()
    var k = 0
    let blocks = count & ~7
    while k < blocks {
        s0 += load(a, k) * load(b, k)
        s1 += load(a, k + 2) * load(b, k + 2)
        s2 += load(a, k + 4) * load(b, k + 4)
        s3 += load(a, k + 6) * load(b, k + 6)
        k += 8
    }
    let s = (s0 + s1) + (s2 + s3)
    var sum = s[0] + s[1]
    while k < count {
        sum += a[k] * b[k]
        k += 1
    }
    return sum
}

/// The four dot products a0.b0, a0.b1, a1.b0, a1.b1 in one pass: each
/// vector is loaded once for two products, half the loads per multiply-add
/// of four `dotProduct` calls. Each sum: two SIMD2 partial sums over blocks
/// of 4, added, then the tail.
@inline(__always)
func dotProducts2x2(_ a0: UnsafePointer<Double>, _ a1: UnsafePointer<Double>,
                    _ b0: UnsafePointer<Double>, _ b1: UnsafePointer<Double>,
                    _ count: Int) -> (Double, Double, Double, Double) {
    var s00 = SIMD2<Double>(), s01 = SIMD2<Double>(), s10 = SIMD2<Double>(), s11 = SIMD2<Double>()
    var t00 = SIMD2<Double>(), t01 = SIMD2<Double>(), t10 = SIMD2<Double>(), t11 = SIMD2<Double>()
    var k = 0
    let blocks = count & ~3
    while k < blocks {
        let x0 = load(a0, k), x1 = load(a1, k), y0 = load(b0, k), y1 = load(b1, k)
        s00 += x0 * y0; s01 += x0 * y1; s10 += x1 * y0; s11 += x1 * y1
        let u0 = load(a0, k + 2), u1 = load(a1, k + 2), v0 = load(b0, k + 2), v1 = load(b1, k + 2)
        t00 += u0 * v0; t01 += u0 * v1; t10 += u1 * v0; t11 += u1 * v1
        k += 4
    }
    func total(_ s: SIMD2<Double>, _ t: SIMD2<Double>) -> Double {
        let u = s + t
        return u[0] + u[1]
    }
    var r = (total(s00, t00), total(s01, t01), total(s10, t10), total(s11, t11))
    while k < count {
        r.0 += a0[k] * b0[k]; r.1 += a0[k] * b1[k]; r.2 += a1[k] * b0[k]; r.3 += a1[k] * b1[k]
        k += 1
    }
    return r
}

@inline(__always)
private func load(_ p: UnsafePointer<Double>, _ k: Int) -> SIMD2<Double> {
    UnsafeRawPointer(p + k).loadUnaligned(as: SIMD2<Double>.self)
}
