import EventCore
import Foundation
import Testing
@testable import Formats
import SpinSimKit

private let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Thousands of mutated cheese CSV files: each parses or fails with one line.
@Test func mutatedCheeseCSVNeverCrashesTheParser() throws {
    let example = try String(contentsOf: repository.appendingPathComponent("datasets/cheese/benchmark.csv"), encoding: .utf8)
    var random = Xoshiro256StarStar(seed: 11)
    var parsed = 0, rejected = 0
    for _ in 0..<3000 {
        var text = example
        for _ in 0...random.index(below: 3) { text = mutate(text, &random) }
        do {
            _ = try CheeseCSV.parse(text, path: "fuzz.csv")
            parsed += 1
        } catch {
            rejected += 1
            #expect(error.description.hasPrefix("fuzz.csv") && !error.description.contains("\n"), "\(error.description)")
        }
    }
    print("fuzz: 3000 mutated cheese CSV files, \(parsed) parsed, \(rejected) rejected")
    #expect(parsed > 100 && rejected > 1000)
}

/// Thousands of IDX files with mutated headers, lengths and magic numbers:
/// each parses or fails with one line naming the file, never a trap (for
/// instance on dimensions whose product overflows).
@Test func mutatedIDXHeadersNeverCrashTheParser() {
    // 3 images of 2 x 2 pixels.
    let valid: [UInt8] = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2] + Array(0..<12)
    var random = Xoshiro256StarStar(seed: 12)
    var parsed = 0, rejected = 0
    for _ in 0..<5000 {
        var bytes = valid
        for _ in 0...random.index(below: 3) {
            switch random.index(below: 5) {
            case 0: bytes[Int(random.index(below: UInt64(min(bytes.count, 16) + 1))) % max(bytes.count, 1)] = UInt8(random.index(below: 256))
            case 1: bytes[Int(random.index(below: UInt64(max(bytes.count, 1))))] = 0xFF
            case 2: bytes = Array(bytes.prefix(Int(random.index(below: UInt64(bytes.count + 1)))))
            case 3: bytes += (0..<random.index(below: 8)).map { _ in UInt8(random.index(below: 256)) }
            default: if bytes.count > 3 { bytes[3] = UInt8(random.index(below: 6)) }
            }
            if bytes.isEmpty { bytes = [0] }
        }
        do {
            let array = try IDXArray.parse(bytes, path: "fuzz.idx")
            #expect(array.bytes.count == array.dimensions.reduce(1, *))
            parsed += 1
        } catch {
            rejected += 1
            #expect("\(error)".hasPrefix("fuzz.idx") && !"\(error)".contains("\n"), "\(error)")
        }
    }
    print("fuzz: 5000 mutated IDX files, \(parsed) parsed, \(rejected) rejected")
    #expect(rejected > 1000)
}
