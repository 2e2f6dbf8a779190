import Diagnostics
import Foundation
import Formats
/// A request to record a state variable: which population (nil: the first
/// population that has the variable), which variable, which nodes (nil: all).
public struct StateRecording: Sendable, Hashable, Codable {
    public var population: String?
    public var variable: String
    public var nodes: [Int]?

    public init(population: String?, variable: String, nodes: [Int]?) {
        self.population = population
        self.variable = variable
        self.nodes = nodes
    }

    /// Parses `[population.]variable[:nodes]`, e.g. `v:0-99`,
    /// `excitatory.v:0-9,20`, `v:all`; see `parseNodes`.
    public static func parse(_ text: String) throws(InputError) -> StateRecording {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let target = String(parts[0])
        let nodes = try parts.count == 2 ? parseNodes(String(parts[1]), path: "--record") : nil
        let names = target.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard (1...2).contains(names.count), names.allSatisfy({ !$0.isEmpty }) else {
            throw InputError(field: "--record", message: "expected [population.]variable[:nodes], got \"\(text)\"")
        }
        return StateRecording(population: names.count == 2 ? names[0] : nil, variable: names.last!, nodes: nodes)
    }

    /// Parses a node list such as `0-99,120,200-209` (ranges inclusive), or
    /// `all` (nil: every node).
    public static func parseNodes(_ text: String, path: String) throws(InputError) -> [Int]? {
        if text.trimmingCharacters(in: .whitespaces) == "all" { return nil }
        var nodes: [Int] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds.last!), 0 <= low, low <= high else {
                throw InputError(field: path, message: "cannot read node list \"\(text)\" (expected e.g. 0-99,120)")
            }
            guard high - low < 100_000_000 else { throw InputError(field: path, message: "node range \(item) is too large") }
            nodes += low...high
        }
        return nodes
    }

    /// A node list as a network file gives it: a string (`"0-9,20"`,
    /// `"all"`) or an array of node numbers (`[0, 5, 7]`).
    public static func nodes(_ value: ConfigValue, path: String) throws(InputError) -> [Int]? {
        switch value {
        case let .string(text): return try parseNodes(text, path: path)
        case let .array(items):
            return try items.map { (item) throws(InputError) -> Int in
                guard case let .integer(node) = item, node >= 0 else {
                    throw InputError(field: path, message: "expected node numbers >= 0, got \(item.typeName)")
                }
                return node
            }
        default:
            throw InputError(field: path, message: "expected a node list such as \"0-99,120\", \"all\" or [0, 5, 7], got \(value.typeName)")
        }
    }
}
