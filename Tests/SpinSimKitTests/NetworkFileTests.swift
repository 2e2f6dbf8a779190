import Foundation
@testable import SpikeNeurons
import Testing
@testable import SpinSimKit
import Formats
import Diagnostics

private let examplePath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("examples/bench4.toml").path

@Test func benchmark4ExampleDescribesTheBuiltInBenchmark4() throws {
    let file = try NetworkFile.load(path: examplePath)
    // The file's projections are labelled by their table (`projection[0]`) for its errors.
    var network = file.network
    for index in network.projections.indices {
        let projection = network.projections[index]
        network.projections[index].label = "projection \(projection.source) -> \(projection.target)"
    }
    #expect(network == NetworkDescription.benchmark4())
    #expect(file.duration == 10_000)
    #expect(file.seed == 1)
    #expect(file.recordedPopulations == ["excitatory", "inhibitory"])
}

private let minimal = """
    duration = "100 ms"
    [[population]]
    name = "cells"
    model = "lif"
    size = 10
    tau_m = "20 ms"
    v_rest = "-49 mV"
    v_threshold = "-50 mV"
    v_reset = "-60 mV"
    t_refractory = "5 ms"
    v_init = "-55 mV"
    [[projection]]
    source = "cells"
    target = "cells"
    connectivity = { rule = "fixed_probability", p = 0.5 }
    weight = "0.1 mV"
    """

/// Parses `minimal` with one line replaced and returns the error text.
private func error(replacing old: String, with new: String) -> String? {
    precondition(minimal.contains(old))
    do {
        _ = try NetworkFile.parse(minimal.replacingOccurrences(of: old, with: new))
        return nil
    } catch {
        return error.description
    }
}

@Test func minimalFileParsesWithDefaults() throws {
    let file = try NetworkFile.parse(minimal)
    #expect(file.seed == 1)
    #expect(file.network.projections[0].delay == 0.1)
    #expect(file.network.projections[0].connectivity == .fixedProbability(0.5, allowAutapses: false))
}

@Test(arguments: [
    ("tau_m = \"20 ms\"", "tau = \"20 ms\"", "population[0].tau: unknown key"),
    ("tau_m = \"20 ms\"", "tau_m = \"-20 ms\"", "population[0].tau_m: must be > 0 ms, got -20.0 ms"),
    ("p = 0.5", "p = 1.5", "projection[0].connectivity.p: must be a probability in [0, 1]"),
    ("p = 0.5", "p = -0.1", "projection[0].connectivity.p: must be a probability in [0, 1]"),
    ("size = 10", "size = \"10\"", "population[0].size: expected an integer, got a string"),
    ("size = 10", "size = -3", "population[0].size: must be in"),
    ("tau_m = \"20 ms\"", "tau_m = 20", "population[0].tau_m: expected a time with a unit"),
    ("tau_m = \"20 ms\"", "tau_m = \"20 mV\"", "population[0].tau_m: cannot read \"20 mV\" as a time"),
    ("tau_m = \"20 ms\"", "tau_m = \"nan ms\"", "population[0].tau_m: cannot read"),
    ("v_reset = \"-60 mV\"", "v_reset = \"-40 mV\"", "population[0].v_reset: must be below v_threshold"),
    ("target = \"cells\"", "target = \"nobody\"", "projection[0].target: no population named \"nobody\""),
    ("model = \"lif\"", "model = \"hh\"", "population[0].model: unknown model \"hh\""),
    ("weight = \"0.1 mV\"", "", "projection[0].weight: missing required field"),
    ("duration = \"100 ms\"", "duration = \"100 ms\"\nduratoin = 3", "duratoin: unknown key"),
    ("duration = \"100 ms\"", "duration = [", "TOML syntax error at line"),
    ("size = 10", "size = 0", "population[0].size: must be in 1...2147483647, got 0"),
    ("tau_m = \"20 ms\"", "tau_m = \"1e308 s\"", "population[0].tau_m: cannot read \"1e308 s\" as a time"),
    ("duration = \"100 ms\"", "duration = \"1e306 s\"", "duration: cannot read"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"one_to_one\"", "projection[0].connectivity.allow_autapses: one_to_one from a population onto itself"),
    ("v_init = \"-55 mV\"", "v_init = \"-55 mV\"\u{0}", "holds a NUL byte at offset"),
    ("duration = \"100 ms\"", "a" + String(repeating: ".a", count: 64) + " = 1", "key with more than 64 parts"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0, 1], targets = [2]", "projection[0].connectivity.targets: lists 1 targets for 2 sources"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0, -1], targets = [2, 3]", "projection[0].connectivity.sources[1]: expected a node index"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0, 1.5], targets = [2, 3]", "projection[0].connectivity.sources[1]: expected a node index"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0], targets = [10]", "projection[0].connectivity: target node 10 is outside population cells (0..<10)"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0], targets = [1], weights = [0.5]", "projection[0].connectivity.weight_unit: missing required field"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0], targets = [1], weights = [0.5], weight_unit = \"ms\"", "projection[0].connectivity.weight_unit: unknown voltage unit \"ms\""),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0], targets = [1], weights = [0.5, 1], weight_unit = \"mV\"", "projection[0].connectivity.weights: expected one number per connection (1)"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0], targets = [1], weight_unit = \"mV\"", "projection[0].connectivity.weight_unit: given without weights"),
    ("rule = \"fixed_probability\", p = 0.5", "rule = \"explicit\", sources = [0], targets = [1], weights = [nan], weight_unit = \"mV\"", "projection[0].connectivity.weights[0]: must be finite"),
])
func badFieldsAreNamed(old: String, new: String, expected: String) {
    let message = error(replacing: old, with: new)
    #expect(message?.contains(expected) == true, "got: \(message ?? "no error")")
    #expect(message?.contains("\n") == false)
}

@Test func missingFileIsNamed() {
    #expect(throws: InputError.self) { try NetworkFile.load(path: "/nonexistent/net.toml") }
    do { _ = try NetworkFile.load(path: "/nonexistent/net.toml") } catch {
        #expect(error.description == "/nonexistent/net.toml: no such file")
    }
}

@Test func jsonFilesUseTheSameSchema() throws {
    let json = """
        {"duration": "50 ms", "seed": 4, "population": [
          {"name": "in", "model": "spike_times", "time_unit": "ms", "spike_times": [[1, 2.5], []]},
          {"name": "out", "model": "lif", "size": 2, "tau_m": "10 ms", "v_rest": "-70 mV",
           "v_threshold": "-50 mV", "v_reset": "-70 mV", "t_refractory": "2 ms", "v_init": "-70 mV"}],
         "projection": [{"source": "in", "target": "out", "connectivity": {"rule": "one_to_one"},
                         "weight": "25 mV", "delay": "1 ms"}]}
        """
    let file = try NetworkFile.parse(json, json: true)
    #expect(file.seed == 4)
    #expect(file.network.populations[0].parameters["spike_times"] == .lists([[1, 2.5], []]))
    #expect(throws: InputError.self) { try NetworkFile.parse(json.replacingOccurrences(of: "\"seed\": 4", with: "\"seed\": true"), json: true) }
}

@Test func plasticityIsReadFromProjections() throws {
    let text = minimal.replacingOccurrences(of: "weight = \"0.1 mV\"", with: """
        weight = "0.1 mV"
        plasticity = { rule = "stdp_pair", pairing = "nearest_neighbour", w_min = "0 mV", w_max = "1 mV", a_plus = "0.01 mV", a_minus = "0.012 mV", tau_plus = "20 ms", tau_minus = "30 ms" }
        """)
    let file = try NetworkFile.parse(text)
    #expect(file.network.projections[0].plasticity == PlasticityDescription(
        rule: .pair(potentiation: 0.01, depression: 0.012, tauPlus: 20, tauMinus: 30),
        pairing: .nearestNeighbour, multiplicative: false, minimumWeight: 0, maximumWeight: 1))
    let badTau = text.replacingOccurrences(of: "tau_minus = \"30 ms\"", with: "tau_minus = \"-30 ms\"")
    #expect(throws: InputError(field: "projection[0].plasticity.tau_minus", message: "must be a positive finite time")) {
        try NetworkFile.parse(badTau)
    }
    let badRule = text.replacingOccurrences(of: "stdp_pair", with: "hebb")
    #expect(throws: InputError.self) { try NetworkFile.parse(badRule) }
    let multiplicative = text.replacingOccurrences(of: "pairing = \"nearest_neighbour\"", with: "bounds = \"multiplicative\"")
    #expect(throws: InputError(field: "projection[0].plasticity.a_plus", message: "expected a number, got a string")) {
        try NetworkFile.parse(multiplicative)
    }
}

/// Recorded nodes as a range string, "all", or an array of node numbers.
@Test func recordedNodesAcceptAllAndArrays() throws {
    func nodes(_ value: String) throws -> [Int]? {
        try NetworkFile.parse(minimal + "\n[record]\nstate = [{ variable = \"v\", nodes = \(value) }]\n").stateRecordings[0].nodes
    }
    #expect(try nodes("\"0-2,7\"") == [0, 1, 2, 7])
    #expect(try nodes("\"all\"") == nil)
    #expect(try nodes("[0, 5, 7]") == [0, 5, 7])
    #expect(throws: InputError.self) { try nodes("[0, -1]") }
    #expect(throws: InputError.self) { try nodes("[0, 2.5]") }
    #expect(throws: InputError.self) { try nodes("3") }
    #expect(try StateRecording.parse("v:all").nodes == nil)
}

/// A table header of 100,000 dotted parts (it overflowed the stack, one
/// recursion per part) is one line (outside `badFieldsAreNamed`, whose
/// arguments the test log prints).
@Test func aHeaderOfAHundredThousandPartsIsRefused() {
    let message = error(replacing: "duration = \"100 ms\"", with: "[" + String(repeating: "a.", count: 100_000) + "a]")
    #expect(message?.contains("key with more than 64 parts") == true, "\(message ?? "no error")")
}

/// 20,000 populations and as many projections read in time linear in the
/// file (each `[[population]]` copied all earlier ones, and each projection
/// scanned every population by name: this took minutes at 100,000).
/// Not timed here: the check is that such a file reads at all in a test's
/// time, and that `[[population]]` subtables stay each population's own.
@Test func manyPopulationsAndProjectionsParse() throws {
    var text = "duration = \"1 ms\"\n"
    for index in 0..<20_000 {
        text += "[[population]]\nname = \"p\(index)\"\nmodel = \"poisson\"\nsize = 1\nrate = \"1 Hz\"\n"
    }
    text += "[[population]]\nname = \"cells\"\nmodel = \"lif\"\nsize = 1\ntau_m = \"10 ms\"\nv_rest = \"-70 mV\"\n"
        + "v_threshold = \"-54 mV\"\nv_reset = \"-70 mV\"\nt_refractory = \"2 ms\"\nv_init = \"-70 mV\"\n"
    for index in 0..<20_000 {
        text += "[[projection]]\nsource = \"p\(index)\"\ntarget = \"cells\"\nweight = \"0.1 mV\"\n[projection.connectivity]\nrule = \"all_to_all\"\n"
    }
    let file = try NetworkFile.parse(text)
    #expect(file.network.populations.count == 20_001 && file.network.projections.count == 20_000)
    #expect(file.network.projections[19_999].source == "p19999")
    let network = try Network(description: file.network, seed: 1)
    #expect(network.synapseCount == 20_000)
}

/// The memory estimate counts what plastic synapses hold: their rule's
/// state, at least, besides the 4 bytes of a fan-out entry (it counted only
/// those, and put a 25 GB STDP network at 1.9 GB).
@Test func theMemoryEstimateCountsPlasticState() throws {
    let text = minimal.replacingOccurrences(of: "p = 0.5", with: "p = 1.0").replacingOccurrences(of: "size = 10", with: "size = 300")
        .replacingOccurrences(of: "weight = \"0.1 mV\"", with: """
        weight = "0.1 mV"
        plasticity = { rule = "stdp_pair", w_min = "0 mV", w_max = "1 mV", a_plus = "0.01 mV", a_minus = "0.01 mV", tau_plus = "20 ms", tau_minus = "20 ms" }
        """)
    let description = try NetworkFile.parse(text).network
    let network = try Network(description: description, seed: 1)
    let synapses = Double(network.synapseCount)
    let stateBytes = Double(network.state.plastic.compactMap { $0 }.reduce(0) { $0 + $1.values.count }) * 8
    #expect(stateBytes > 0)
    #expect(description.estimatedMemoryBytes >= stateBytes + 4 * synapses)
}

/// `--set` replaces a value before the file is read, with the file's checks:
/// by population name, by projection index, into a table the file lacks.
@Test func overridesReplaceValuesWithTheFilesChecks() throws {
    func parse(_ overrides: String...) throws(InputError) -> NetworkFile {
        try NetworkFile.parse(minimal, overrides: overrides.map(NetworkOverride.parse))
    }
    let file = try parse("population.cells.tau_m=10 ms", "projection.0.weight=\"0.3 mV\"", "seed=7",
                         "record.sample_interval=\"0.5 ms\"", "projection.0.connectivity={ rule = \"fixed_indegree\", k = 3 }")
    #expect(file.network.populations[0].parameters["tau_m"] == .scalar(10))
    #expect(file.network.projections[0].weight == 0.3)
    #expect(file.network.projections[0].connectivity == .fixedInDegree(3, allowAutapses: false))
    #expect(file.seed == 7 && file.sampleInterval == 0.5)
    #expect(file.text.hasSuffix("# population.cells.tau_m=10 ms\n# projection.0.weight=\"0.3 mV\"\n# seed=7\n"
                                + "# record.sample_interval=\"0.5 ms\"\n# projection.0.connectivity={ rule = \"fixed_indegree\", k = 3 }\n"))
    #expect(try parse().network == NetworkFile.parse(minimal).network)
    let refusals: [(String, String)] = [
        ("population.cells.tau_m=-1 ms", "population[0].tau_m: must be > 0 ms"),
        ("population.glia.tau_m=1 ms", "--set population.glia.tau_m=1 ms: population has no element named or numbered glia (it has 1)"),
        ("projection.1.weight=1 mV", "projection has no element named or numbered 1"),
        ("duration.unit=1", "--set duration.unit=1: duration is a value (a string), not a table"),
        ("population.cells.tau=1 ms", "population[0].tau: unknown key"),
        ("tau_m", "--set: expected key=value"),
        ("population..tau_m=1 ms", "--set: expected key=value"),
    ]
    for (override, expected) in refusals {
        do {
            _ = try parse(override)
            Issue.record("\(override) was accepted")
        } catch {
            #expect(error.description.contains(expected), "\(override): \(error.description)")
        }
    }
}

/// Listed connections with their own weights need no projection weight, and
/// the weights are read in the unit given.
@Test func explicitConnectionsAreReadWithTheirWeights() throws {
    let file = try NetworkFile.parse(minimal.replacingOccurrences(
        of: "connectivity = { rule = \"fixed_probability\", p = 0.5 }\nweight = \"0.1 mV\"",
        with: "connectivity = { rule = \"explicit\", sources = [3, 0, 3], targets = [1, 2, 0], weights = [500, 250, 1000], weight_unit = \"uV\" }"))
    guard case let .explicit(connections) = file.network.projections[0].connectivity else {
        Issue.record("not explicit: \(file.network.projections[0].connectivity)")
        return
    }
    // Sorted by target (then source), weights following their connections; µV read as mV.
    #expect(connections.targets == [0, 1, 2] && connections.sources == [3, 3, 0])
    #expect(connections.weights == [1.0, 0.5, 0.25])
}
