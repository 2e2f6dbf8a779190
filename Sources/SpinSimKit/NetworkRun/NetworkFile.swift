import Foundation
import Units
import SpikeNeurons
import Diagnostics
import Formats

/// A network description file: the network, how long to run it, with which
/// seed, and what to record. TOML (`.toml`) or JSON (`.json`); see
/// `examples/bench4.toml` and the README for the format. A JSON file with
/// `networks` (or `network`) at the top is a SONATA config (`CircuitFile`). Every value with a
/// dimension carries its unit ("20 ms", "-49 mV", "5 Hz").
public struct NetworkFile: Sendable {
    public var network: NetworkDescription
    /// Simulated duration (ms).
    public var duration: Double
    public var seed: UInt64
    /// Populations whose spikes are recorded.
    public var recordedPopulations: Set<String>
    /// Of those, the ones recorded for some nodes only (`spikes = ["excitatory:0-99"]`): their nodes.
    public var recordedNodes: [String: [Int]] = [:]
    /// State variables to sample.
    public var stateRecordings: [StateRecording]
    /// Sampling interval of state variables (ms).
    public var sampleInterval: Double?
    /// Sampling interval of plastic weights (ms; nil: weights only at the end).
    public var weightInterval: Double? = nil
    /// The file's text, stored in trace provenance; `--set` overrides are
    /// appended to TOML as comments (a JSON file's are in the command line).
    public var text: String
    /// Where it was read from (nil when parsed from text): an input no output may replace.
    public var path: String?

    /// Reads and validates a file; errors are one line naming the file and field.
    /// `overrides` (`--set`) are applied to the parsed file before it is read.
    public static func load(path: String, overrides: [NetworkOverride] = []) throws(InputError) -> NetworkFile {
        // 1 GiB holds spike-time lists for millions of nodes; beyond it a "network file" is a mistake.
        let text = try InputFile.readText(path, limit: 1 << 30, what: "a network file")
        let json = path.lowercased().hasSuffix(".json")
        if json { try JSONDuplicateKeys.check(Data(text.utf8), input: path) }
        if json, let root = try? ConfigValue.parseJSON(Data(text.utf8)), CircuitFile.isCircuitConfig(root) {
            guard overrides.isEmpty else { throw InputError(input: path, "--set does not apply to a SONATA circuit config; edit its files") }
            return try CircuitFile.load(path: path, text: text, root: root)
        }
        do {
            var file = try parse(text, json: json, overrides: overrides, directory: (path as NSString).deletingLastPathComponent)
            file.path = path
            return file
        } catch {
            throw error.located(in: path)
        }
    }

    /// Parses file contents (TOML unless `json`); the paths of connection
    /// lists are relative to `directory` (the file's; empty: the current one).
    public static func parse(_ text: String, json: Bool = false, overrides: [NetworkOverride] = [],
                             directory: String = "") throws(InputError) -> NetworkFile {
        // The text is stored in every trace and checkpoint as a C string: a NUL would cut it short there.
        if let nul = text.utf8.firstIndex(of: 0) {
            throw InputError(field: "", message: "holds a NUL byte at offset \(text.utf8.distance(from: text.utf8.startIndex, to: nul)) (not a text file)")
        }
        var root = json ? try ConfigValue.parseJSON(Data(text.utf8)) : try ConfigValue.parseTOML(text)
        for override in overrides { root = try override.apply(to: root) }
        let reader = try TableReader(root, path: "")
        try reader.allowOnly(["title", "duration", "seed", "population", "projection", "current", "record"])
        _ = try reader.string("title")
        let duration = try reader.quantity("duration", .time) ?? 1000
        guard duration >= 0 else { throw reader.error("duration", "must not be negative") }
        let seedValue = try reader.integer("seed") ?? 1
        guard seedValue >= 0 else { throw reader.error("seed", "must not be negative") }

        guard case let .array(populationItems) = try reader.required("population") else {
            throw reader.error("population", "expected an array of tables ([[population]])")
        }
        var populations: [PopulationDescription] = []
        var tables = NodeTables(directory: directory)
        for (index, item) in populationItems.enumerated() {
            populations.append(try parsePopulation(item, path: "population[\(index)]", tables: &tables))
        }

        // Names are looked up through one dictionary: a scan per reference made
        // files with many populations and projections quadratic to read.
        let schemaByName = Dictionary(populations.map { ($0.name, $0.model.schema) }, uniquingKeysWith: { first, _ in first })
        let sizeByName = Dictionary(populations.map { ($0.name, $0.size) }, uniquingKeysWith: { first, _ in first })
        var projections: [ProjectionDescription] = []
        var lists = ConnectionLists(directory: directory, sizes: sizeByName)
        if let value = reader.value("projection") {
            guard case let .array(items) = value else {
                throw reader.error("projection", "expected an array of tables ([[projection]])")
            }
            for (index, item) in items.enumerated() {
                projections += try parseProjections(item, path: "projection[\(index)]", schemas: schemaByName, lists: &lists)
            }
        }

        var currents: [CurrentInputDescription] = []
        if let value = reader.value("current") {
            guard case let .array(items) = value else { throw reader.error("current", "expected an array of tables ([[current]])") }
            for (index, item) in items.enumerated() { currents.append(try parseCurrentInput(item, path: "current[\(index)]")) }
        }

        var recorded = Set(populations.map(\.name))
        var recordedNodes: [String: [Int]] = [:]
        var stateRecordings: [StateRecording] = []
        var sampleInterval: Double?, weightInterval: Double?
        if let value = reader.value("record") {
            let record = try TableReader(value, path: "record")
            try record.allowOnly(["spikes", "state", "sample_interval", "weight_interval"])
            sampleInterval = try record.quantity("sample_interval", .time)
            if let interval = sampleInterval, interval <= 0 { throw record.error("sample_interval", "must be positive") }
            weightInterval = try record.quantity("weight_interval", .time)
            if let interval = weightInterval, interval <= 0 { throw record.error("weight_interval", "must be positive") }
            if let value = record.value("state") {
                guard case let .array(items) = value else { throw record.error("state", "expected an array of tables") }
                for (index, item) in items.enumerated() {
                    let entry = try TableReader(item, path: "record.state[\(index)]")
                    try entry.allowOnly(["population", "variable", "nodes"])
                    guard let variable = try entry.string("variable") else { throw entry.error("variable", "missing required field") }
                    let population = try entry.string("population")
                    if let population, schemaByName[population] == nil {
                        throw entry.error("population", "no population named \"\(population)\"")
                    }
                    let nodes = try entry.value("nodes").flatMap { (value) throws(InputError) in
                        try StateRecording.nodes(value, path: entry.fieldPath("nodes"))
                    }
                    stateRecordings.append(StateRecording(population: population, variable: variable, nodes: nodes))
                }
            }
            if let entries = try record.names("spikes"), entries != ["all"] {
                recorded = []
                for entry in entries {
                    // "name" or "name:nodes", nodes as in state recordings ("0-99,120").
                    let parts = entry.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                    guard let size = sizeByName[parts[0]] else { throw record.error("spikes", "no population named \"\(parts[0])\"") }
                    guard recorded.insert(parts[0]).inserted else { throw record.error("spikes", "\(parts[0]) is listed twice") }
                    guard parts.count == 2, let nodes = try StateRecording.parseNodes(parts[1], path: record.fieldPath("spikes")) else { continue }
                    if let outside = nodes.first(where: { $0 >= size }) {
                        throw record.error("spikes", "node \(outside) is outside population \(parts[0]) (0..<\(size))")
                    }
                    recordedNodes[parts[0]] = Array(Set(nodes)).sorted()
                }
            }
        }
        let network = NetworkDescription(populations: populations, projections: projections, currents: currents)
        try network.validate()
        return NetworkFile(
            network: network,
            duration: duration, seed: UInt64(seedValue), recordedPopulations: recorded, recordedNodes: recordedNodes,
            stateRecordings: stateRecordings, sampleInterval: sampleInterval, weightInterval: weightInterval,
            text: (json || overrides.isEmpty ? text
                : text + "\n# spinsim --set, applied over the file above:\n" + overrides.map { "# \($0.text)\n" }.joined())
                + lists.provenance + tables.provenance)
    }

    /// One [[population]] table, read through its model's schema: the keys
    /// allowed, each parameter's dimension and kind. Values are checked
    /// against the schema's bounds afterwards, in `NetworkDescription.validate`.
    private static func parsePopulation(_ value: ConfigValue, path: String, tables: inout NodeTables) throws(InputError) -> PopulationDescription {
        let reader = try TableReader(value, path: path)
        guard let name = try reader.string("name"), !name.isEmpty else { throw reader.error("name", "missing required field") }
        guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
            throw reader.error("name", "use letters, digits, '_' and '-' only (it names an HDF5 group)")
        }
        guard let modelName = try reader.string("model") else { throw reader.error("model", "missing required field") }
        guard let kind = ModelKind.named(modelName) else {
            let known = ModelKind.allCases.map(\.schema.name).joined(separator: ", ")
            throw reader.error("model", "unknown model \"\(modelName)\" (expected one of: \(known); see spinsim models)")
        }
        let schema = kind.schema
        var keys = ["name", "model", "size", "node_values"]
        for spec in schema.parameters {
            keys.append(spec.name)
            if case let .lists(unitKey) = spec.kind { keys.append(unitKey) }
        }
        try reader.allowOnly(keys)
        var values = ParameterValues()
        for spec in schema.parameters where reader.value(spec.name) != nil {
            values[spec.name] = try parameter(spec, reader)
        }
        let size = try reader.integer("size")
        if let size, size < 0 || size > Int(Int32.max) { throw reader.error("size", "must be in 0...\(Int32.max)") }
        guard let listKey = schema.sizeFromParameter else {
            guard let size else { throw reader.error("size", "missing required field") }
            if reader.value("node_values") != nil {
                for (parameter, column) in try tables.read(reader, schema: schema, size: size) {
                    guard values[parameter] == nil else {
                        throw reader.error("node_values", "the table gives \(parameter), which the population gives too; keep one")
                    }
                    values[parameter] = .values(column)
                }
            }
            return PopulationDescription(name: name, size: size, model: kind, parameters: values)
        }
        guard case let .lists(lists)? = values[listKey] else { throw reader.error(listKey, "missing required field") }
        if let size, size != lists.count {
            throw reader.error("size", "is \(size) but \(listKey) lists \(lists.count) nodes")
        }
        return PopulationDescription(name: name, size: lists.count, model: kind, parameters: values)
    }

    /// A parameter's value as the schema says it is written: a quantity with
    /// a unit, a per-node value (`"-60 mV"` or a law, `{ uniform = [lo, hi] }`,
    /// `{ normal = {...} }`, `{ lognormal = {...} }`: see `distribution`), or
    /// lists of numbers in the unit named by a companion key.
    private static func parameter(_ spec: ParameterSpec, _ reader: TableReader) throws(InputError) -> ParameterValue {
        let path = reader.fieldPath(spec.name)
        let value = try reader.required(spec.name)
        func scalar(_ value: ConfigValue, path: String) throws(InputError) -> Double {
            spec.dimension == .dimensionless
                ? try TableReader.number(value, path: path) : try TableReader.quantity(value, spec.dimension, path: path)
        }
        switch spec.kind {
        case .scalar:
            return .scalar(try scalar(value, path: path))
        case .perNode:
            if case .table = value { return .distribution(try distribution(value, path: path, spec.dimension)) }
            return .scalar(try scalar(value, path: path))
        case .schedule:
            guard case .table = value else { return .scalar(try scalar(value, path: path)) }
            let table = try TableReader(value, path: path)
            try table.allowOnly(["times", "values"])
            func list(_ key: String, _ read: (ConfigValue, String) throws(InputError) -> Double) throws(InputError) -> [Double] {
                guard case let .array(items) = try table.required(key) else { throw table.error(key, "expected a list") }
                var result: [Double] = []
                for (index, item) in items.enumerated() { result.append(try read(item, "\(table.fieldPath(key))[\(index)]")) }
                return result
            }
            return .schedule(times: try list("times") { (item, path) throws(InputError) in try TableReader.quantity(item, .time, path: path) },
                             values: try list("values") { (item, path) throws(InputError) in try scalar(item, path: path) })
        case let .lists(unitKey):
            guard let unit = try reader.string(unitKey) else { throw reader.error(unitKey, "missing required field") }
            guard let factor = spec.dimension.units.first(where: { $0.symbol == unit })?.factor else {
                throw reader.error(unitKey, "unknown \(spec.dimension.rawValue) unit \"\(unit)\"")
            }
            guard case let .array(lists) = value else { throw InputError(field: path, message: "expected one list per node") }
            var result: [[Double]] = []
            for (node, list) in lists.enumerated() {
                let listPath = "\(path)[\(node)]"
                guard case let .array(items) = list else { throw InputError(field: listPath, message: "expected a list of numbers") }
                var numbers: [Double] = []
                for (index, item) in items.enumerated() {
                    numbers.append(try TableReader.number(item, path: "\(listPath)[\(index)]") * factor)
                }
                result.append(numbers)
            }
            return .lists(result)
        }
    }

    /// One [[projection]] table; `source` and `target` may list several
    /// populations, which declares one projection per (source, target) pair.
    private static func parseProjections(
        _ value: ConfigValue, path: String, schemas: [String: ModelSchema], lists: inout ConnectionLists
    ) throws(InputError) -> [ProjectionDescription] {
        let reader = try TableReader(value, path: path)
        try reader.allowOnly(["source", "target", "connectivity", "weight", "delay", "plasticity"])
        guard let sources = try reader.names("source") else { throw reader.error("source", "missing required field") }
        guard let targets = try reader.names("target") else { throw reader.error("target", "missing required field") }
        for (key, names) in [("source", sources), ("target", targets)] {
            for name in names where schemas[name] == nil {
                throw reader.error(key, "no population named \"\(name)\"")
            }
        }
        for name in targets where schemas[name]!.weightDimension == nil {
            throw reader.error("target", "population \"\(name)\" (\(schemas[name]!.name)) cannot receive input")
        }
        let connectivity = try TableReader(reader.required("connectivity"), path: reader.fieldPath("connectivity"))
        guard let rule = try connectivity.string("rule") else { throw connectivity.error("rule", "missing required field") }
        let ruleKeys = ["fixed_probability": ["p"], "fixed_indegree": ["k"], "one_to_one": [], "all_to_all": [],
                        "explicit": ["sources", "targets", "weights", "weight_unit"], "file": ["path"]]
        try connectivity.allowOnly(["rule", "allow_autapses"] + (ruleKeys[rule] ?? []))
        let allowAutapses = try connectivity.bool("allow_autapses") ?? false
        if ["explicit", "file"].contains(rule), sources.count != 1 || targets.count != 1 {
            throw connectivity.error("rule", "\(rule) connections join one source population to one target population")
        }
        let listed = rule == "file"
            ? try lists.read(connectivity, source: sources[0], target: targets[0], weightDimension: schemas[targets[0]]!.weightDimension!)
            : nil
        if listed?.weights != nil, reader.value("weight") != nil {
            throw reader.error("weight", "the connection list gives every connection's weight; leave weight out")
        }
        if listed?.delays != nil, reader.value("delay") != nil {
            throw reader.error("delay", "the connection list gives every connection's delay; leave delay out")
        }
        // Connections listed with their own weights need no projection weight.
        let listsWeights = (rule == "explicit" && connectivity.value("weights") != nil) || listed?.weights != nil
        var weights: [String: (weight: Double, law: WeightDistribution?)] = [:]
        for name in targets {
            let dimension = schemas[name]!.weightDimension!
            if let law = try weightDistribution(reader, dimension) {
                weights[name] = (0, law)
                continue
            }
            guard let weight = try reader.quantity("weight", dimension) ?? (listsWeights ? 0 : nil) else {
                throw reader.error("weight", listed == nil ? "missing required field" : "missing required field (or a weight column in the list)")
            }
            weights[name] = (weight, nil)
        }
        let delay = try reader.quantity("delay", .time) ?? 0.1
        let plasticity = try reader.value("plasticity").map { (value) throws(InputError) in
            try parsePlasticity(value, path: reader.fieldPath("plasticity"))
        }
        let connection: ConnectivityRule
        switch rule {
        case "fixed_probability":
            guard let p = try connectivity.number("p") else { throw connectivity.error("p", "missing required field") }
            connection = .fixedProbability(p, allowAutapses: allowAutapses)
        case "fixed_indegree":
            guard let k = try connectivity.integer("k") else { throw connectivity.error("k", "missing required field") }
            connection = .fixedInDegree(k, allowAutapses: allowAutapses)
        case "one_to_one":
            // Onto its own population, one_to_one makes nothing but autapses: without
            // allow_autapses the request contradicts itself, so it is refused, not emptied.
            if !allowAutapses, sources.contains(where: targets.contains) {
                throw connectivity.error("allow_autapses", "one_to_one from a population onto itself connects each node only to itself; set allow_autapses = true")
            }
            connection = .oneToOne
        case "all_to_all":
            connection = .allToAll(allowAutapses: allowAutapses)
        case "explicit":
            connection = .explicit(try parseExplicit(connectivity, weightDimension: schemas[targets[0]]!.weightDimension!))
        case "file":
            // One projection per distinct delay of the list (each delay is a line of spikes in flight).
            return try ConnectionLists.byDelay(listed!, delay: delay, field: connectivity.fieldPath("path")).map { connections, delay in
                ProjectionDescription(source: sources[0], target: targets[0], connectivity: .explicit(connections),
                                      weight: weights[targets[0]]!.weight, delay: delay, plasticity: plasticity, label: path,
                                      weightDistribution: weights[targets[0]]!.law)
            }
        default:
            throw connectivity.error("rule", "unknown rule \"\(rule)\" (expected fixed_probability, fixed_indegree, one_to_one, all_to_all, explicit or file)")
        }
        var result: [ProjectionDescription] = []
        for source in sources {
            for target in targets {
                result.append(ProjectionDescription(
                    source: source, target: target, connectivity: connection, weight: weights[target]!.weight, delay: delay,
                    plasticity: plasticity, label: path, weightDistribution: weights[target]!.law))
            }
        }
        return result
    }
}

extension NetworkFile {
    /// `connectivity = { rule = "explicit", sources = [...], targets = [...],
    /// weights = [...], weight_unit = "mV" }`: connection i joins node
    /// sources[i] to node targets[i] (population indices), with weight
    /// weights[i] if weights are listed. Ranges and finiteness are checked
    /// with the network (`validate`), naming the projection.
    fileprivate static func parseExplicit(_ reader: TableReader, weightDimension: Units.Dimension) throws(InputError) -> ExplicitConnections {
        func nodes(_ key: String) throws(InputError) -> [UInt32] {
            guard case let .array(items) = try reader.required(key) else { throw reader.error(key, "expected a list of node indices") }
            var result: [UInt32] = []
            result.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard case let .integer(node) = item, node >= 0, node <= Int(UInt32.max) else {
                    throw InputError(field: "\(reader.fieldPath(key))[\(index)]", message: "expected a node index (an integer in 0...\(UInt32.max))")
                }
                result.append(UInt32(node))
            }
            return result
        }
        let sources = try nodes("sources"), targets = try nodes("targets")
        guard sources.count == targets.count else {
            throw reader.error("targets", "lists \(targets.count) targets for \(sources.count) sources (one each per connection)")
        }
        guard let listed = reader.value("weights") else {
            if reader.value("weight_unit") != nil { throw reader.error("weight_unit", "given without weights") }
            return ExplicitConnections(sources: sources, targets: targets)
        }
        guard let unit = try reader.string("weight_unit") else { throw reader.error("weight_unit", "missing required field (the unit of weights)") }
        guard let factor = weightDimension.units.first(where: { $0.symbol == unit })?.factor else {
            throw reader.error("weight_unit", "unknown \(weightDimension.rawValue) unit \"\(unit)\"")
        }
        guard case let .array(items) = listed, items.count == sources.count else {
            throw reader.error("weights", "expected one number per connection (\(sources.count))")
        }
        var weights: [Double] = []
        weights.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            weights.append(try TableReader.number(item, path: "\(reader.fieldPath("weights"))[\(index)]") * factor)
        }
        return ExplicitConnections(sources: sources, targets: targets, weights: weights)
    }

    /// `plasticity = { rule = "stdp_pair" | "stdp_triplet", pairing, bounds, w_min, w_max, ... }`.
    /// With additive bounds the amplitudes are voltages ("0.01 mV"); with
    /// multiplicative bounds they are plain fractions.
    static func parsePlasticity(_ value: ConfigValue, path: String) throws(InputError) -> PlasticityDescription {
        let reader = try TableReader(value, path: path)
        guard let rule = try reader.string("rule") else { throw reader.error("rule", "missing required field") }
        let common = ["rule", "pairing", "bounds", "w_min", "w_max"]
        let amplitudeKeys: [String]
        let timeKeys: [String]
        switch rule {
        case "stdp_pair": (amplitudeKeys, timeKeys) = (["a_plus", "a_minus"], ["tau_plus", "tau_minus"])
        case "stdp_triplet":
            (amplitudeKeys, timeKeys) = (["a2_plus", "a3_plus", "a2_minus", "a3_minus"], ["tau_plus", "tau_x", "tau_minus", "tau_y"])
        default: throw reader.error("rule", "unknown plasticity rule \"\(rule)\" (expected stdp_pair or stdp_triplet)")
        }
        try reader.allowOnly(common + amplitudeKeys + timeKeys)
        let pairing: SpikePairing
        switch try reader.string("pairing") ?? "all_to_all" {
        case "all_to_all": pairing = .allToAll
        case "nearest_neighbour", "nearest_neighbor": pairing = .nearestNeighbour
        case let other: throw reader.error("pairing", "unknown pairing \"\(other)\" (expected all_to_all or nearest_neighbour)")
        }
        let multiplicative: Bool
        switch try reader.string("bounds") ?? "additive" {
        case "additive": multiplicative = false
        case "multiplicative": multiplicative = true
        case let other: throw reader.error("bounds", "unknown bounds \"\(other)\" (expected additive or multiplicative)")
        }
        func required<T>(_ key: String, _ read: (String) throws(InputError) -> T?) throws(InputError) -> T {
            guard let value = try read(key) else { throw reader.error(key, "missing required field") }
            return value
        }
        let minimum = try required("w_min") { (key) throws(InputError) in try reader.quantity(key, .voltage) }
        let maximum = try required("w_max") { (key) throws(InputError) in try reader.quantity(key, .voltage) }
        var amplitudes: [Double] = []
        for key in amplitudeKeys {
            amplitudes.append(try required(key) { (key) throws(InputError) in
                multiplicative ? try reader.number(key) : try reader.quantity(key, .voltage)
            })
        }
        var times: [Double] = []
        for key in timeKeys {
            times.append(try required(key) { (key) throws(InputError) in try reader.quantity(key, .time) })
        }
        let parsedRule: PlasticityDescription.Rule = amplitudes.count == 2
            ? .pair(potentiation: amplitudes[0], depression: amplitudes[1], tauPlus: times[0], tauMinus: times[1])
            : .triplet(pairPotentiation: amplitudes[0], tripletPotentiation: amplitudes[1], pairDepression: amplitudes[2],
                       tripletDepression: amplitudes[3], tauPlus: times[0], tauX: times[1], tauMinus: times[2], tauY: times[3])
        let description = PlasticityDescription(
            rule: parsedRule, pairing: pairing, multiplicative: multiplicative, minimumWeight: minimum, maximumWeight: maximum)
        return description
    }
}


extension NetworkFile {
    /// A network built in code (a benchmark's), every population's spikes
    /// recorded; `origin` stands in the trace where a file's text would.
    public init(builtIn network: NetworkDescription, duration: Double, seed: UInt64, origin: String) {
        self.init(network: network, duration: duration, seed: seed, recordedPopulations: Set(network.populations.map(\.name)),
                  stateRecordings: [], sampleInterval: nil, text: "# \(origin)")
    }
}
