/// "12,345,678": a count grouped by thousands, as every summary prints it.
public func grouped(_ value: UInt64) -> String {
    let digits = Array(String(value))
    var result = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
        result.append(digit)
    }
    return result
}

/// A mean count, rounded to a whole number and grouped by thousands.
public func grouped(_ value: Double) -> String {
    guard value.isFinite, value.magnitude < 1.8e19 else { return "\(value)" }
    let rounded = value.rounded()
    return (rounded < 0 ? "-" : "") + grouped(UInt64(rounded.magnitude))
}
