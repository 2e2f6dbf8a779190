import Foundation
import SpinSimKit
import Testing
import TestSupport

/// Ten lif_exp cells whose v_init and i_e come from a node table; the rest from the file.
private func network(table: String, extra: String = "") throws -> (text: String, directory: URL) {
    let directory = try temporaryDirectory()
    try table.write(to: directory.appendingPathComponent("cells.csv"), atomically: true, encoding: .utf8)
    let text = """
        duration = "200 ms"
        [[population]]
        name = "cells"
        model = "lif_exp"
        size = 10
        tau_m = "10 ms"
        v_rest = "-70 mV"
        v_threshold = "-55 mV"
        v_reset = "-70 mV"
        node_values = "cells.csv"
        \(extra)
        """
    return (text, directory)
}

private let table = "v_init_mV, i_e_nA\n" + (0..<10).map { "\(-70 + $0), \(0.4 + 0.04 * Double($0))" }.joined(separator: "\n") + "\n"

/// Node k starts at -70 + k mV under 400 + 40 k pA: its first spike and its
/// period are those of the closed form, tau ln((V_inf - V0) / (V_inf - V_th))
/// and t_ref + tau ln((V_inf - V_reset) / (V_inf - V_th)), and the table's
/// size and hash are in the trace's provenance text.
@Test func nodeTablesGiveEachNodeItsOwnValues() throws {
    let (text, directory) = try network(table: table, extra: "\n[record]\nspikes = \"all\"")
    let file = try NetworkFile.parse(text, directory: directory.path)
    #expect(file.text.contains("# node tables read (bytes, FNV-1a 64):\n# \(directory.path)/cells.csv \(table.utf8.count) "))
    var options = RunOptions()
    options.out = directory.appendingPathComponent("trace.h5").path
    _ = try NetworkRun(file: file, label: "table", duration: 200, seed: 1, options: options).execute()
    let (times, nodes) = try spikes(options.out!, "cells")
    for node in 0..<10 {
        let asymptote = -70 + 0.04 * (400 + 40 * Double(node)), start = -70 + Double(node)
        let first = 10 * log((asymptote - start) / (asymptote + 55)), period = 2 + 10 * log((asymptote + 70) / (asymptote + 55))
        let own = zip(times, nodes).filter { $0.1 == UInt64(node) }.map(\.0)
        #expect(own.count > 5 && abs(own[0] - first) < 1e-9, "node \(node): \(own.first ?? .nan) against \(first)")
        for (a, b) in zip(own, own.dropFirst()) { #expect(abs(b - a - period) < 1e-9, "node \(node)") }
    }
}

@Test(arguments: [
    ("v_init_mV, i_e_nA", "v_init_mV, tau_m_ms", "line 1: unknown column \"tau_m_ms\" (expected <parameter>_<unit> for a per-node parameter: i_e, v_init)"),
    ("v_init_mV, i_e_nA", "v_init_ms, i_e_nA", "line 1: column \"v_init_ms\": v_init is a voltage; the unit is one of"),
    ("v_init_mV, i_e_nA", "v_init_mV, v_init_V", "line 1: names v_init twice"),
    ("-70, 0.4\n", "-70, 0.4, 3\n", "line 2: has 3 fields, the header 2"),
    ("-70, 0.4\n", "-70, x\n", "line 2: i_e_nA: expected a finite number, got \"x\""),
    ("-70, 0.4\n", "", "lists 9 nodes; the population has 10"),
    ("-70, 0.4\n", "-70, 0.4\n-70, 0.4\n", "line 12: more rows than the population's 10 nodes"),
])
func badNodeTablesAreNamed(old: String, new: String, expected: String) throws {
    precondition(table.contains(old), old)
    let (text, directory) = try network(table: table.replacingOccurrences(of: old, with: new))
    do {
        _ = try NetworkFile.parse(text, directory: directory.path)
        Issue.record("no error for \(new)")
    } catch {
        #expect(error.description.contains("cells.csv: \(expected)") || error.description.contains(expected), "got: \(error.description)")
        #expect(error.description.contains("cells.csv") && !error.description.contains("\n"))
    }
}

/// A parameter in the table and in the population, or a table for a model
/// without per-node parameters, is refused; values outside a parameter's
/// bounds are named by node.
@Test func nodeTablesAreCheckedAgainstThePopulation() throws {
    func message(_ text: String, _ directory: URL) -> String {
        do {
            _ = try NetworkFile.parse(text, directory: directory.path)
            return "no error"
        } catch { return error.description }
    }
    var (text, directory) = try network(table: table, extra: "v_init = \"-60 mV\"")
    #expect(message(text, directory).contains("population[0].node_values: the table gives v_init, which the population gives too; keep one"))
    (text, directory) = try network(table: "")
    text = text.replacingOccurrences(of: "model = \"lif_exp\"", with: "model = \"lif_cond_exp\"").replacingOccurrences(of: "tau_m = \"10 ms\"", with: "")
    let conductances = "v_init_mV, g_ex_init_nS\n" + (0..<10).map { $0 == 3 ? "-60, -1" : "-60, 2" }.joined(separator: "\n") + "\n"
    try conductances.write(to: directory.appendingPathComponent("cells.csv"), atomically: true, encoding: .utf8)
    #expect(message(text, directory).contains("population[0].g_ex_init[3]: must be >= 0 nS, got -1.0 nS"), "\(message(text, directory))")
}
