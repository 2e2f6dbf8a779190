import Foundation
import Diagnostics
import Formats
import SpikeNeurons

/// A SONATA circuit (as BMTK's `NetworkBuilder` saves it) read into a
/// `NetworkFile`: `spinsim run circuit_config.json`.
///
/// - Populations: one per SONATA node population, named as it, node i being
///   SONATA node id i (so the trace's node ids are the circuit's). SpinSim
///   populations have one model and parameter set, so every node type of a
///   population must map to the same ones (`NESTModelMapping`); `virtual`
///   nodes become a `spike_times` population driven by the config's
///   `inputs` of `input_type = "spikes"` (a SONATA spike file per input).
/// - Projections: one per (edge population, delay), with explicit
///   connections (`ConnectivityRule.explicit`), each with weight
///   `syn_weight * nsyns` (from the edge's group, else its edge type; nsyns
///   1 when absent), as BMTK's PointNet computes it; a projection whose
///   weights are all equal carries one scalar weight instead.
/// - Duration: `run.tstop` (ms), else 1000 ms. Seed 1.
/// - Provenance (`text`): the config's text, then every file read with its
///   size and FNV-1a hash, so the trace names the circuit it ran and a
///   changed file changes the run id.
///
/// Every problem is one line naming the file at fault.
enum CircuitFile {
    /// Whether a parsed JSON file is a SONATA config rather than a network file.
    static func isCircuitConfig(_ root: ConfigValue) -> Bool {
        guard case let .table(table) = root else { return false }
        return table["networks"] != nil || { if case .string = table["network"] { true } else { false } }()
    }

    static func load(path: String, text: String, root: ConfigValue) throws(InputError) -> NetworkFile {
        var reader = Reader(configPath: path)
        var circuit = try TableReader(root, path: "")
        var circuitPath = path
        if case let .string(name)? = circuit.value("networks") == nil ? circuit.value("network") : nil {
            // A simulation config naming its circuit config: networks and components come from there.
            circuitPath = try reader.resolve(name, in: circuit, base: path, field: "network")
            let circuitText = try InputFile.readText(circuitPath, limit: 1 << 26, what: "a SONATA circuit config")
            try JSONDuplicateKeys.check(Data(circuitText.utf8), input: circuitPath)
            do { circuit = try TableReader(try ConfigValue.parseJSON(Data(circuitText.utf8)), path: "") } catch {
                throw error.located(in: circuitPath)
            }
            try reader.digest(circuitPath)
        }
        let outer = try TableReader(root, path: "")
        let network = try reader.network(circuit: circuit, circuitPath: circuitPath, simulation: outer)
        var duration = 1000.0
        if let run = outer.value("run") ?? circuit.value("run") {
            let run = try located(path) { () throws(InputError) in try TableReader(run, path: "run") }
            if let tstop = try located(path, { () throws(InputError) in try run.number("tstop") }) {
                guard tstop >= 0 else { throw InputError(input: path, field: "run.tstop", message: "must not be negative") }
                duration = tstop
            }
        }
        return NetworkFile(
            network: network, duration: duration, seed: 1, recordedPopulations: Set(network.populations.map(\.name)),
            stateRecordings: [], sampleInterval: nil,
            text: text + "\n# SONATA circuit files read (bytes, FNV-1a 64):\n" + reader.digests.joined(), path: path)
    }

    /// Errors without a file named are the config's.
    private static func located<T>(_ path: String, _ body: () throws(InputError) -> T) throws(InputError) -> T {
        do { return try body() } catch { throw error.located(in: path) }
    }

    private struct Reader {
        let configPath: String
        var digests: [String] = []

        init(configPath: String) { self.configPath = configPath }

        mutating func digest(_ path: String) throws(InputError) {
            let digest = try FileDigest.of(path)
            digests.append("# \(path) \(digest.bytes) \(digest.fnv1a64)\n")
        }

        /// A path of the config: `$NAME` and `${NAME}` replaced from its
        /// `manifest` (and `${configdir}`), relative to the config's directory.
        func resolve(_ raw: String, in config: TableReader, base: String, field: String) throws(InputError) -> String {
            let directory = (base as NSString).deletingLastPathComponent
            var manifest: [String: String] = ["configdir": directory.isEmpty ? "." : directory]
            if let value = config.value("manifest") {
                guard case let .table(entries) = value else { throw InputError(input: base, field: "manifest", message: "expected a table") }
                for (key, entry) in entries {
                    guard case let .string(text) = entry else { throw InputError(input: base, field: "manifest.\(key)", message: "expected a string") }
                    manifest[key.hasPrefix("$") ? String(key.dropFirst()) : key] = text
                }
            }
            var path = raw
            // Manifest entries name one another ($NETWORK_DIR = "$BASE_DIR/network"); 16 rounds end a cycle.
            for _ in 0..<16 where path.contains("$") {
                for (key, value) in manifest.sorted(by: { $0.key.count > $1.key.count }) {
                    path = path.replacingOccurrences(of: "${\(key)}", with: value).replacingOccurrences(of: "$\(key)", with: value)
                }
            }
            guard !path.contains("$") else {
                throw InputError(input: base, field: field, message: "\"\(raw)\" names a manifest variable that is not defined (or defined in a cycle)")
            }
            guard !path.isEmpty else { throw InputError(input: base, field: field, message: "is empty") }
            return path.hasPrefix("/") ? path : ((base as NSString).deletingLastPathComponent as NSString).appendingPathComponent(path)
        }

        mutating func network(circuit: TableReader, circuitPath: String, simulation: TableReader) throws(InputError) -> NetworkDescription {
            let networks = try located(circuitPath) { () throws(InputError) in try TableReader(circuit.required("networks"), path: "networks") }
            var modelsDir: String?
            if let components = circuit.value("components") {
                let components = try located(circuitPath) { () throws(InputError) in try TableReader(components, path: "components") }
                if let dir = try located(circuitPath, { () throws(InputError) in try components.string("point_neuron_models_dir") }) {
                    modelsDir = try resolve(dir, in: circuit, base: circuitPath, field: "components.point_neuron_models_dir")
                }
            }
            let spikeInputs = try inputs(simulation)
            var populations: [PopulationDescription] = []
            var sizes: [String: Int] = [:]
            for (index, entry) in try entries(networks, "nodes", circuitPath).enumerated() {
                let (nodesPath, types, populationsRead) = try tables(
                    entry, "networks.nodes[\(index)]", "nodes", idColumn: "node_type_id", circuit, circuitPath, read: SONATACircuitArrays.readNodes)
                for nodes in populationsRead {
                    guard sizes[nodes.name] == nil else { throw InputError(input: nodesPath, "node population \(nodes.name) is defined twice") }
                    let population = try self.population(nodes, nodesPath: nodesPath, types: types, modelsDir: modelsDir,
                                                         spikeInputs: spikeInputs)
                    sizes[nodes.name] = population.size
                    populations.append(population)
                }
            }
            guard !populations.isEmpty else { throw InputError(input: circuitPath, field: "networks.nodes", message: "lists no nodes file") }
            for input in spikeInputs where sizes[input.population] == nil {
                throw InputError(input: configPath, field: "inputs.\(input.name).node_set", message: "no node population named \(input.population)")
            }
            var projections: [ProjectionDescription] = []
            for (index, entry) in try (networks.value("edges") == nil ? [] : entries(networks, "edges", circuitPath)).enumerated() {
                let (edgesPath, types, edgePopulations) = try tables(
                    entry, "networks.edges[\(index)]", "edges", idColumn: "edge_type_id", circuit, circuitPath, read: SONATACircuitArrays.readEdges)
                for edges in edgePopulations {
                    projections += try Self.projections(edges, edgesPath: edgesPath, types: types, populations: populations)
                }
            }
            let network = NetworkDescription(populations: populations, projections: projections)
            do { try network.validate() } catch { throw error.located(in: circuitPath) }
            return network
        }

        /// The array `key` of `networks` (tables).
        private func entries(_ networks: TableReader, _ key: String, _ path: String) throws(InputError) -> [TableReader] {
            guard case let .array(items) = try located(path, { () throws(InputError) in try networks.required(key) }) else {
                throw InputError(input: path, field: "networks.\(key)", message: "expected an array of tables")
            }
            var result: [TableReader] = []
            for (index, item) in items.enumerated() {
                result.append(try located(path) { () throws(InputError) in try TableReader(item, path: "networks.\(key)[\(index)]") })
            }
            return result
        }

        /// One `networks.nodes` or `networks.edges` entry: its `<kind>_file` read
        /// by `read`, its `<kind-singular>_types_file`, both digested.
        private mutating func tables<T>(_ entry: TableReader, _ field: String, _ kind: String, idColumn: String,
                                        _ config: TableReader, _ base: String,
                                        read: (String) throws -> T) throws(InputError) -> (path: String, types: SONATATypesTable, content: T) {
            let path = try file(entry, "\(kind)_file", field, config, base)
            let typesPath = try file(entry, "\(kind.dropLast())_types_file", field, config, base)
            let types = try SONATATypesTable.read(path: typesPath, idColumn: idColumn)
            try digest(typesPath)
            let content: T
            do { content = try read(path) } catch { throw Self.inputError(error, path) }
            try digest(path)
            return (path, types, content)
        }

        private func file(_ entry: TableReader, _ key: String, _ field: String, _ config: TableReader,
                          _ base: String) throws(InputError) -> String {
            guard let raw = try located(base, { () throws(InputError) in try entry.string(key) }) else {
                throw InputError(input: base, field: "\(field).\(key)", message: "missing required field")
            }
            return try resolve(raw, in: config, base: base, field: "\(field).\(key)")
        }

        /// One node population: its node ids must be 0..<count (in any row
        /// order; all nodes share their parameters, so only the ids matter).
        private mutating func population(_ nodes: SONATACircuitArrays.Nodes, nodesPath: String, types: SONATATypesTable,
                                         modelsDir: String?, spikeInputs: [SpikeInput]) throws(InputError) -> PopulationDescription {
            let count = nodes.nodeIDs.count
            guard count > 0 else { throw InputError(input: nodesPath, "node population \(nodes.name) has no nodes") }
            guard nodes.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw InputError(input: nodesPath, "node population \"\(nodes.name)\": use letters, digits, '_' and '-' only (it names an HDF5 group)")
            }
            var seen = [Bool](repeating: false, count: count)
            for id in nodes.nodeIDs {
                guard id >= 0, id < count, !seen[Int(id)] else {
                    throw InputError(input: nodesPath, "/nodes/\(nodes.name)/node_id: \(id) is repeated or outside 0..<\(count); SpinSim needs the ids 0..<\(count)")
                }
                seen[Int(id)] = true
            }
            var chosen: (type: Int64, model: ModelKind, parameters: ParameterValues)?
            for type in Set(nodes.nodeTypeIDs).sorted() {
                guard types.rows[type] != nil else {
                    throw InputError(input: nodesPath, "/nodes/\(nodes.name)/node_type_id: type \(type) is not in \(types.path)")
                }
                let (model, parameters) = try self.model(type: type, population: nodes, types: types, modelsDir: modelsDir,
                                                         spikeInputs: spikeInputs, nodesPath: nodesPath)
                if let chosen, chosen.model != model || chosen.parameters != parameters {
                    throw InputError(input: types.path, "node types \(chosen.type) and \(type) of population \(nodes.name) differ in model or parameters; SpinSim needs one model and parameter set per population (put them in separate populations)")
                }
                chosen = chosen ?? (type, model, parameters)
            }
            return PopulationDescription(name: nodes.name, size: count, model: chosen!.model, parameters: chosen!.parameters)
        }

        /// The model of node type `type`: virtual (spikes from the inputs), or
        /// a NEST model with its dynamics_params JSON file and CSV columns.
        private mutating func model(type: Int64, population nodes: SONATACircuitArrays.Nodes, types: SONATATypesTable,
                                    modelsDir: String?, spikeInputs: [SpikeInput], nodesPath: String) throws(InputError) -> (ModelKind, ParameterValues) {
            let modelType = types.value("model_type", type: type)
            if modelType == "virtual" {
                var lists = [[Double]](repeating: [], count: nodes.nodeIDs.count)
                let inputs = spikeInputs.filter { $0.population == nodes.name }
                guard !inputs.isEmpty else {
                    throw InputError(input: configPath, field: "inputs", message: "virtual population \(nodes.name) has no spike input (an input with input_type \"spikes\" and node_set \"\(nodes.name)\")")
                }
                for input in inputs {
                    let spikes: (times: [Double], nodeIDs: [Int64])
                    do { spikes = try SONATACircuitArrays.readSpikes(path: input.file, population: nodes.name) } catch {
                        throw Self.inputError(error, input.file)
                    }
                    try digest(input.file)
                    for (time, id) in zip(spikes.times, spikes.nodeIDs) {
                        guard id >= 0, id < lists.count else {
                            throw InputError(input: input.file, "/spikes/\(nodes.name)/node_ids: node \(id) is outside population \(nodes.name) (0..<\(lists.count))")
                        }
                        guard time.isFinite, time >= 0 else {
                            throw InputError(input: input.file, "/spikes/\(nodes.name)/timestamps: \(time) ms is not a finite time >= 0")
                        }
                        lists[Int(id)].append(time)
                    }
                }
                return (.spikeTimes, ParameterValues(["spike_times": .lists(lists)]))
            }
            guard let template = types.value("model_template", type: type) else {
                throw InputError(input: types.path, "node type \(type): model_template missing (model_type \(modelType ?? "NULL"))")
            }
            let name = template.hasPrefix("nest:") ? String(template.dropFirst(5)) : template
            var given: [String: Double] = [:]
            var source = types.path
            if let params = types.value("dynamics_params", type: type) {
                let paramsPath = params.hasPrefix("/") ? params
                    : ((modelsDir ?? (types.path as NSString).deletingLastPathComponent) as NSString).appendingPathComponent(params)
                given = try Self.numbers(json: paramsPath)
                try digest(paramsPath)
                source = paramsPath
            }
            // Columns of the types table named as NEST parameters set them too (BMTK passes them to NEST alike).
            for column in types.columns where Self.parameterColumns.contains(column) {
                guard let text = types.value(column, type: type) else { continue }
                guard let value = Double(text) ?? (text == "True" || text == "true" ? 1 : text == "False" || text == "false" ? 0 : nil) else {
                    throw InputError(input: types.path, field: "node type \(type).\(column)", message: "expected a number, got \(text)")
                }
                given[column] = value
            }
            do { return try NESTModelMapping.lif(model: name, given) } catch {
                // An unknown model is the types table's; a bad parameter is in the file that sets it.
                let blamed = error.field.isEmpty ? types.path : source
                throw InputError(input: blamed, field: error.field.isEmpty ? "node type \(type)" : "node type \(type).\(error.field)", message: error.message)
            }
        }

        /// Type columns read as NEST parameters.
        private static let parameterColumns: Set<String> = ["tau_m", "E_L", "I_e", "C_m", "V_th", "V_reset", "t_ref", "V_m", "V_min", "refractory_input"]

        /// A dynamics_params file: a JSON object of numbers (and booleans).
        private static func numbers(json path: String) throws(InputError) -> [String: Double] {
            let text = try InputFile.readText(path, limit: 1 << 20, what: "a dynamics_params JSON file")
            try JSONDuplicateKeys.check(Data(text.utf8), input: path)
            let root: ConfigValue
            do { root = try ConfigValue.parseJSON(Data(text.utf8)) } catch { throw error.located(in: path) }
            guard case let .table(table) = root else { throw InputError(input: path, "expected a JSON object of model parameters") }
            var result: [String: Double] = [:]
            for (key, value) in table {
                switch value {
                case let .bool(flag): result[key] = flag ? 1 : 0
                default:
                    do { result[key] = try TableReader.number(value, path: key) } catch { throw error.located(in: path) }
                }
            }
            return result
        }

        struct SpikeInput { var name: String; var population: String; var file: String }

        /// The config's `inputs` of type spikes.
        private func inputs(_ config: TableReader) throws(InputError) -> [SpikeInput] {
            guard let value = config.value("inputs") else { return [] }
            guard case let .table(entries) = value else { throw InputError(input: configPath, field: "inputs", message: "expected a table") }
            var result: [SpikeInput] = []
            for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
                let field = "inputs.\(name)"
                let input = try located(configPath) { () throws(InputError) in try TableReader(entry, path: field) }
                let type = try located(configPath) { () throws(InputError) in try input.string("input_type") }
                guard type == "spikes" else {
                    throw InputError(input: configPath, field: "\(field).input_type", message: "\"\(type ?? "missing")\" is not supported (SpinSim reads input_type \"spikes\")")
                }
                let module = try located(configPath) { () throws(InputError) in try input.string("module") } ?? "sonata"
                guard ["sonata", "h5", "hdf5"].contains(module) else {
                    throw InputError(input: configPath, field: "\(field).module", message: "\"\(module)\" is not supported (SpinSim reads SONATA spike files: sonata, h5)")
                }
                let population: String
                switch input.value("node_set") {
                case let .string(set)?: population = set
                case let .table(set)?:
                    guard case let .string(set)? = set["population"], set.count == 1 else { fallthrough }
                    population = set
                default:
                    throw InputError(input: configPath, field: "\(field).node_set", message: "expected a population name (or { \"population\": name })")
                }
                let file = try self.file(input, "input_file", field, config, configPath)
                result.append(SpikeInput(name: name, population: population, file: file))
            }
            return result
        }

        /// A Formats error (thrown untyped through libhdf5) as an `InputError` naming `path`.
        static func inputError(_ error: any Error, _ path: String) -> InputError {
            (error as? InputError)?.located(in: path) ?? InputError(input: path, "\(error)")
        }

        /// The projections of one edge population, one per delay.
        private static func projections(_ edges: SONATACircuitArrays.Edges, edgesPath: String, types: SONATATypesTable,
                                        populations: [PopulationDescription]) throws(InputError) -> [ProjectionDescription] {
            let where_ = "/edges/\(edges.name)"
            func size(_ name: String, _ role: String) throws(InputError) -> Int {
                guard let population = populations.first(where: { $0.name == name }) else {
                    throw InputError(input: edgesPath, "\(where_)/\(role)_node_id: node_population \(name) is not a node population of the circuit")
                }
                return population.size
            }
            let sourceSize = try size(edges.sourcePopulation, "source"), targetSize = try size(edges.targetPopulation, "target")
            var byDelay: [Double: (sources: [UInt32], targets: [UInt32], weights: [Double])] = [:]
            for edge in edges.sourceNodeIDs.indices {
                let (source, target, type) = (edges.sourceNodeIDs[edge], edges.targetNodeIDs[edge], edges.edgeTypeIDs[edge])
                guard source >= 0, source < sourceSize else {
                    throw InputError(input: edgesPath, "\(where_)/source_node_id[\(edge)]: node \(source) is outside \(edges.sourcePopulation) (0..<\(sourceSize))")
                }
                guard target >= 0, target < targetSize else {
                    throw InputError(input: edgesPath, "\(where_)/target_node_id[\(edge)]: node \(target) is outside \(edges.targetPopulation) (0..<\(targetSize))")
                }
                guard types.rows[type] != nil else {
                    throw InputError(input: edgesPath, "\(where_)/edge_type_id[\(edge)]: type \(type) is not in \(types.path)")
                }
                if let template = types.value("model_template", type: type), !["static_synapse", "nest:static_synapse"].contains(template) {
                    throw InputError(input: types.path, "edge type \(type): unknown synapse model \(template) (SpinSim runs static_synapse)")
                }
                func value(_ column: String) throws(InputError) -> Double? {
                    if let value = edges.columns[column]?[edge] { return value }
                    guard let text = types.value(column, type: type) else { return nil }
                    guard let value = Double(text) else {
                        throw InputError(input: types.path, "edge type \(type): \(column) must be a number, got \(text)")
                    }
                    return value
                }
                guard let synWeight = try value("syn_weight") else {
                    throw InputError(input: edgesPath, "\(where_) edge \(edge): no syn_weight (neither in its group nor in edge type \(type) of \(types.path))")
                }
                let weight = synWeight * (try value("nsyns") ?? 1)
                guard weight.isFinite else { throw InputError(input: edgesPath, "\(where_) edge \(edge): weight \(weight) mV is not finite") }
                guard let delay = try value("delay") else {
                    throw InputError(input: edgesPath, "\(where_) edge \(edge): no delay (neither in its group nor in edge type \(type) of \(types.path))")
                }
                guard delay.isFinite, delay >= 0 else { throw InputError(input: edgesPath, "\(where_) edge \(edge): delay \(delay) ms must be finite and >= 0") }
                byDelay[delay, default: ([], [], [])].sources.append(UInt32(source))
                byDelay[delay]!.targets.append(UInt32(target))
                byDelay[delay]!.weights.append(weight)
            }
            return byDelay.sorted { $0.key < $1.key }.map { delay, group in
                // One weight for all: the scalar path, without 8 bytes per connection.
                let uniform = group.weights.allSatisfy { $0 == group.weights[0] }
                return ProjectionDescription(
                    source: edges.sourcePopulation, target: edges.targetPopulation,
                    connectivity: .explicit(ExplicitConnections(sources: group.sources, targets: group.targets,
                                                                weights: uniform ? nil : group.weights)),
                    weight: group.weights[0], delay: delay, label: "\(edgesPath): \(where_) (delay \(delay) ms)")
            }
        }
    }
}
