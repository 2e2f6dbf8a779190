import EventCore
import Foundation
import SpikeNeurons
import Testing
@testable import SpinSimKit
import Formats

/// Mutations that hit parsers where they are weakest: numbers at the edges of
/// their range, wrong types, broken structure, units out of place.
private let tokens = [
    "-1", "0", "1e309", "-1e309", "nan", "inf", "\"\"", "\"nan ms\"", "\"-5 ms\"", "\"1e400 mV\"", "[", "]", "{", "}",
    "=", "\"", "[[population]]", "[[projection]]", "true", "9223372036854775807", "-9223372036854775808",
    "\"20 Hz\"", "\"20\"", "#", "\n", "\"all\"", "[]", "{}", "\"excitatory\"", "\"nobody\"", "2.5", "4294967296",
]

/// One random edit of `text`: replace a value, delete or duplicate a line,
/// flip a byte, insert a token, or cut the text short.
func mutate(_ text: String, _ random: inout Xoshiro256StarStar) -> String {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let line = Int(random.index(below: UInt64(lines.count)))
    let token = tokens[Int(random.index(below: UInt64(tokens.count)))]
    switch random.index(below: 6) {
    case 0:
        if let equals = lines[line].firstIndex(of: "=") { lines[line] = String(lines[line][...equals]) + " " + token }
    case 1: lines.remove(at: line)
    case 2: lines.insert(lines[line], at: line)
    case 3:
        var bytes = Array(lines[line].utf8)
        if !bytes.isEmpty { bytes[Int(random.index(below: UInt64(bytes.count)))] ^= UInt8(1 << random.index(below: 8)) }
        lines[line] = String(decoding: bytes, as: UTF8.self)
    case 4: lines.insert(token, at: line)
    default:
        let joined = lines.joined(separator: "\n")
        return String(joined.prefix(Int(random.index(below: UInt64(joined.count + 1)))))
    }
    return lines.joined(separator: "\n")
}

/// Thousands of mutated network files: each parses or fails with a
/// one-line error, and every file that parses builds a network (when small
/// enough to build in a test) that runs without trapping.
@Test func mutatedNetworkFilesNeverCrashTheParser() throws {
    let example = try String(contentsOfFile: URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("examples/bench4.toml").path, encoding: .utf8)
    var random = Xoshiro256StarStar(seed: 2024)
    var parsed = 0, rejected = 0, built = 0
    for _ in 0..<3000 {
        var text = example
        for _ in 0...random.index(below: 3) { text = mutate(text, &random) }
        do {
            let file = try NetworkFile.parse(text)
            parsed += 1
            let nodes = file.network.populations.reduce(0) { $0 + $1.size }
            guard nodes <= 5000 else { continue }
            do {
                var network = try Network(description: file.network, seed: file.seed)
                network.recorded = file.network.populations.map { file.recordedPopulations.contains($0.name) }
                var simulation = Simulation(system: network)
                simulation.run(until: min(file.duration, 5))
                built += 1
            } catch {
                #expect(!error.description.contains("\n"))
            }
        } catch {
            rejected += 1
            #expect(!error.description.isEmpty && !error.description.contains("\n"), "\(error.description)")
        }
    }
    print("fuzz: 3000 mutated network files, \(parsed) parsed (\(built) built and run), \(rejected) rejected")
    #expect(parsed + rejected == 3000)
    #expect(rejected > 1000 && parsed > 100, "parsed \(parsed), rejected \(rejected), built \(built)")
}
