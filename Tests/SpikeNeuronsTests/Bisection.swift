/// The first s >= 0 where g(s) >= 0, by plain bisection between two points
/// the caller knows bracket only that crossing.
func bisect(_ g: (Double) -> Double, _ low: Double, _ high: Double) -> Double {
    var (low, high) = (low, high)
    for _ in 0..<200 where high - low > 1e-14 {
        let middle = (low + high) / 2
        if g(middle) >= 0 { high = middle } else { low = middle }
    }
    return high
}
