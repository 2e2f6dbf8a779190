import Foundation
import Testing
import TestSupport

// The project's hostile-input suite (issue 13): generated cases run through
// the binary, each one ending in success or one line naming its input (see
// `HostileCase`). The classes: every value of every example network
// replaced by hostile values; every number and list of a checkpoint edited;
// every input of every command replaced by a special, empty, damaged or
// missing file; every output pointed at a file it must not replace.

/// Values that are wrong for most fields: out of range, not finite once
/// converted, of the wrong type, absurdly small or large.
private let hostileValues = [
    "nan", "-1", "0", "1e308", "\"1e308 s\"", "\"1e-300 ms\"", "\"\"", "[]", "9223372036854775807", "{ uniform = [1, 0] }",
]

/// The example networks and a simulated time that keeps each case short
/// (Benchmark 4 is left out: its fields are the same kinds, at ten times the cost).
private let examples = [("pif_chain", "2"), ("poisson_drive", "2"), ("stdp_poisson", "2"), ("stno_steps", "0.002"), ("ising_anneal", "2")]

/// Linux's device number for small major and minor numbers (glibc's
/// `makedev` is a macro Swift does not import).
private func device(_ major: UInt32, _ minor: UInt32) -> dev_t { dev_t(major << 8 | minor) }

/// A directory of its own for one case.
private func caseDirectory(_ root: URL, _ name: String) throws -> URL {
    let directory = root.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory
}

/// Every `key = value` line of every example network, with three of the
/// hostile values each (rotating, so every value meets every file): about 400
/// short runs.
@Test func everyExampleValueMadeHostileIsRunOrNamed() throws {
    let root = try temporaryDirectory()
    var cases: [HostileCase] = []
    for (example, duration) in examples {
        let lines = try String(contentsOfFile: "examples/\(example).toml", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for (index, line) in lines.enumerated() {
            let trimmed = line.drop { $0 == " " }
            guard let equals = trimmed.firstIndex(of: "="), !trimmed.hasPrefix("#"),
                  trimmed[..<equals].allSatisfy({ $0.isLetter || $0 == "_" || $0 == " " }) else { continue }
            let key = trimmed[..<equals].trimmingCharacters(in: .whitespaces)
            for (offset, value) in hostileValues.enumerated() {
                // An enormous but finite duration is a legitimate, endless request, not a hostile one.
                if key == "duration" && (value == "1e308" || value == "9223372036854775807") { continue }
                var edited = lines
                edited[index] = String(line[..<line.index(after: line.firstIndex(of: "=")!)]) + " " + value
                let directory = try caseDirectory(root, "\(example)-\(index)-\(offset)")
                try edited.joined(separator: "\n").write(to: directory.appendingPathComponent("net.toml"), atomically: true, encoding: .utf8)
                cases.append(HostileCase(
                    name: "\(example).toml line \(index + 1): \(key) = \(value)",
                    arguments: ["run", "net.toml", "--out", "o.h5"] + (key == "duration" ? [] : ["--duration", duration]),
                    directory: directory, inputs: [directory.appendingPathComponent("net.toml").path], named: "net.toml",
                    output: "o.h5"))
            }
        }
    }
    #expect(cases.count >= 350)
    let found = failures(of: cases)
    #expect(found.isEmpty, "\(found.count) of \(cases.count):\n\(found.prefix(40).joined(separator: "\n"))")
}

/// Every number of a checkpoint (a plastic network with a state report)
/// replaced by -1, 0, 2^62 and 1e300, every list emptied and grown
/// by one: resume continues or names the checkpoint; on failure neither the
/// checkpoint nor the trace changes.
@Test func everyCheckpointFieldEditedResumesOrIsNamed() throws {
    let root = try temporaryDirectory()
    let network = FileManager.default.currentDirectoryPath + "/examples/stdp_poisson.toml"
    let base = ["run", network, "--duration", "10", "--out", "t.h5", "--checkpoint", "ck", "--record", "v:all"]
    // The trace's run id includes its absolute path, so each case runs its own original.
    let probe = try caseDirectory(root, "probe")
    #expect(try spinsim(base, in: probe).status == 0)
    let original = try JSONSerialization.jsonObject(with: Data(contentsOf: probe.appendingPathComponent("ck")))
    var edits: [(path: [Any], value: Any)] = []
    func walk(_ node: Any, _ path: [Any]) {
        if let object = node as? [String: Any] {
            for key in object.keys.sorted() where !(path.isEmpty && ["networkFileText", "spinsimVersion"].contains(key)) {
                walk(object[key]!, path + [key])
            }
        } else if let list = node as? [Any] {
            edits.append((path, [Any]()))
            edits.append((path, list + (list.first.map { [$0] } ?? [0])))
            for (index, element) in list.prefix(3).enumerated() { walk(element, path + [index]) }
        } else if node is NSNumber {  // booleans too: -1 for `true` must be named as well
            for value in [-1, 0, 1 << 62, 1e300] as [Any] { edits.append((path, value)) }
        }
    }
    walk(original, [])
    func replacing(_ node: Any, _ path: ArraySlice<Any>, _ value: Any) -> Any {
        guard let head = path.first else { return value }
        if var object = node as? [String: Any], let key = head as? String {
            object[key] = replacing(object[key]!, path.dropFirst(), value)
            return object
        }
        var list = node as! [Any]
        let index = head as! Int
        list[index] = replacing(list[index], path.dropFirst(), value)
        return list
    }
    var cases: [HostileCase] = []
    for (number, edit) in edits.enumerated() {
        let directory = try caseDirectory(root, "edit-\(number)")
        cases.append(HostileCase(
            name: "checkpoint \(edit.path.map { "\($0)" }.joined(separator: ".")) = \(edit.value)",
            arguments: ["resume", "ck", "--duration", "20"], directory: directory,
            outputsOnSuccess: [directory.appendingPathComponent("ck").path, directory.appendingPathComponent("t.h5").path],
            named: "ck", orNamed: "t.h5"))  // a count the trace does not hold is the pair's disagreement
    }
    // Originals first (one run each, in parallel), then each checkpoint edited in place.
    let originals = cases.map { HostileCase(name: "original for \($0.name)", arguments: base, directory: $0.directory, named: "") }
    let failedOriginals = failures(of: originals)
    #expect(failedOriginals.isEmpty, "\(failedOriginals.prefix(5))")
    for (edit, hostile) in zip(edits, cases) {
        let file = hostile.directory.appendingPathComponent("ck")
        let edited = replacing(try JSONSerialization.jsonObject(with: Data(contentsOf: file)), edit.path[...], edit.value)
        try JSONSerialization.data(withJSONObject: edited).write(to: file)
    }
    #expect(cases.count >= 250)
    let found = failures(of: cases)
    #expect(found.isEmpty, "\(found.count) of \(cases.count):\n\(found.prefix(40).joined(separator: "\n"))")
}

/// A small vowel database in vowdata.dat's layout.
private let vowels = """
    header line
      1    2   3    4    5    6    7    8    9   10    11  12   13    14  15   16

    w03aw 326 186  772 1051 2870    0  766 1053 2936  788 1067 2732  843 1415 2621
    w03uw 300 200  400 1100 2600    0  410 1110 2610  420 1120 2620  430 1130 2630
    w03er 300 200  500 1400 1700    0  510 1410 1710  520 1420 1720  530 1430 1730
    w03iy 300 200  300 2700 3200    0  310 2710 3210  320 2720 3220  330 2730 3230

    """

/// What each input role is given in its intact form, and the command that reads it.
private struct InputRole {
    var name: String
    var file: String
    var arguments: (String) -> [String]
}

/// Builds the intact inputs in `directory` and lists the roles that read them.
private func inputRoles(in directory: URL) throws -> [InputRole] {
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    let stno = """
        duration = "0.005 ms"
        [[population]]
        name = "oscillators"
        model = "stno"
        size = 1
        i_dc = "6 mA"
        [record]
        state = [{ population = "oscillators", variable = "phase", nodes = "0" }]
        sample_interval = "0.00001 ms"
        """
    try stno.write(toFile: path("stno.toml"), atomically: true, encoding: .utf8)
    #expect(try spinsim(["run", path("stno.toml"), "--out", path("stno.h5")]).status == 0)
    #expect(try spinsim(["run", "examples/pif_chain.toml", "--duration", "5", "--out", path("run.h5"),
                         "--checkpoint", path("run.ck")]).status == 0)
    try vowels.write(toFile: path("vowdata.dat"), atomically: true, encoding: .utf8)
    try "0 0 0.5\n0 1 -1\n1 1 0.25\n".write(toFile: path("problem.txt"), atomically: true, encoding: .utf8)
    // Four samples keep the classifications short.
    let samples = try String(contentsOfFile: "datasets/cheese/benchmark.csv", encoding: .utf8).split(separator: "\n").prefix(5)
    try (samples.joined(separator: "\n") + "\n").write(toFile: path("benchmark.csv"), atomically: true, encoding: .utf8)
    for (name, source) in [("network.toml", "examples/pif_chain.toml"),
                           ("brie.json", "examples/cheese/brie.json"), ("model.h5", "models/eqspike-784-500-10.h5")] {
        try FileManager.default.copyItem(atPath: source, toPath: path(name))
    }
    return [
        InputRole(name: "network file", file: "network.toml") { ["run", $0, "--duration", "2"] },
        InputRole(name: "checkpoint", file: "run.ck") { ["resume", $0, "--duration", "6", "--out", "resumed.h5"] },
        InputRole(name: "trace", file: "run.h5") { ["inspect", $0] },
        InputRole(name: "device trace", file: "stno.h5") { ["spectrum", $0, "--phase", "oscillators", "--segment", "64"] },
        InputRole(name: "samples", file: "benchmark.csv") { ["cheese", "classify", "--data", $0, "--model", "phase"] },
        InputRole(name: "detector", file: "brie.json") {
            ["cheese", "classify", "--data", "benchmark.csv", "--target", "brie", "--params", $0]
        },
        InputRole(name: "vowel database", file: "vowdata.dat") { ["cheese", "tokens", "--vowdata", $0, "--out", "tokens.csv"] },
        InputRole(name: "EqSpike model", file: "model.h5") {
            ["eqspike", "evaluate", "--mnist", smallMNIST, "--model", $0, "--test-limit", "2"]
        },
        InputRole(name: "Ising problem", file: "problem.txt") { ["ising", "sample", $0, "--reads", "2", "--steps", "10"] },
    ]
}

/// Every input of every command replaced by what a hostile user might pass:
/// nothing, a directory, an empty file, a FIFO nobody writes, random bytes,
/// the file cut in half, a NUL byte in the middle, a symbolic-link loop, a
/// private /dev/zero (root only). Each gives success or one line naming it,
/// within the timeout, with the input left as it was.
@Test func everyInputReplacedBySomethingHostileIsNamed() throws {
    let root = try temporaryDirectory()
    let intact = try caseDirectory(root, "intact")
    let roles = try inputRoles(in: intact)
    var random = SystemRandomNumberGenerator()
    let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) })
    var cases: [HostileCase] = []
    for role in roles {
        let original = try Data(contentsOf: intact.appendingPathComponent(role.file))
        let variants: [(String, (String) throws -> Void)] = [
            ("intact", { try original.write(to: URL(fileURLWithPath: $0)) }),
            ("missing", { _ in }),
            ("a directory", { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) }),
            ("empty", { try Data().write(to: URL(fileURLWithPath: $0)) }),
            ("a FIFO", { #expect(mkfifo($0, 0o600) == 0) }),
            ("random bytes", { try garbage.write(to: URL(fileURLWithPath: $0)) }),
            ("cut in half", { try original.prefix(original.count / 2).write(to: URL(fileURLWithPath: $0)) }),
            ("with a NUL byte", {
                var bytes = original
                bytes[bytes.count / 2] = 0
                try bytes.write(to: URL(fileURLWithPath: $0))
            }),
            ("a symbolic-link loop", { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: $0) }),
        ] + (getuid() == 0 ? [("a private /dev/zero", { #expect(mknod($0, S_IFCHR | 0o600, device(1, 5)) == 0) })] : [])
        for (kind, make) in variants {
            let directory = try caseDirectory(root, "\(role.file)-\(kind.filter(\.isLetter))")
            for name in try FileManager.default.contentsOfDirectory(atPath: intact.path) where name != role.file {
                try FileManager.default.copyItem(at: intact.appendingPathComponent(name), to: directory.appendingPathComponent(name))
            }
            let file = directory.appendingPathComponent(role.file).path
            try make(file)
            let special = ["a FIFO", "a private /dev/zero"].contains(kind)
            cases.append(HostileCase(
                name: "\(role.name) \(kind)", arguments: role.arguments(role.file), directory: directory,
                inputs: special ? [] : [file], specialFiles: special ? [file] : [], named: role.file))
        }
    }
    let found = failures(of: cases)
    #expect(found.isEmpty, "\(found.count) of \(cases.count):\n\(found.joined(separator: "\n"))")
}

/// Every output pointed at what it must not replace: an existing file
/// without --force, a directory, a FIFO, a private /dev/null (root only), a
/// path in a missing directory, the command's own input and a symbolic link
/// to it. Each is one line naming the output; nothing there changes kind or
/// bytes.
@Test func everyOutputPointedAtSomethingItMustNotReplaceIsNamed() throws {
    let root = try temporaryDirectory()
    let intact = try caseDirectory(root, "intact")
    _ = try inputRoles(in: intact)
    let outputs: [(name: String, input: String, arguments: (String) -> [String])] = [
        ("trace", "network.toml", { ["run", "network.toml", "--duration", "2", "--out", $0] }),
        ("checkpoint", "network.toml", { ["run", "network.toml", "--duration", "2", "--out", "o.h5", "--checkpoint", $0] }),
        ("predictions", "benchmark.csv", { ["cheese", "classify", "--data", "benchmark.csv", "--model", "phase", "--predictions", $0] }),
        ("tokens", "vowdata.dat", { ["cheese", "tokens", "--vowdata", "vowdata.dat", "--out", $0] }),
        ("spectrum", "stno.h5", { ["spectrum", "stno.h5", "--phase", "oscillators", "--segment", "64", "--out", $0] }),
        ("resumed trace", "run.ck", { ["resume", "run.ck", "--duration", "6", "--out", $0] }),
    ]
    var cases: [HostileCase] = []
    for output in outputs {
        let kinds: [(String, String, (String) throws -> Void)] = [
            ("an existing file", "out.x", { try Data("keep me".utf8).write(to: URL(fileURLWithPath: $0)) }),
            ("a directory", "out.x", { try FileManager.default.createDirectory(atPath: $0, withIntermediateDirectories: false) }),
            ("a FIFO", "out.x", { #expect(mkfifo($0, 0o600) == 0) }),
            ("in a missing directory", "missing/out.x", { _ in }),
            ("its own input", output.input, { _ in }),
            ("a link to its input", "link.x", { try FileManager.default.createSymbolicLink(atPath: $0, withDestinationPath: output.input) }),
        ] + (getuid() == 0 ? [("a private /dev/null", "out.x", { #expect(mknod($0, S_IFCHR | 0o600, device(1, 3)) == 0) })] : [])
        for (kind, name, make) in kinds {
            let directory = try caseDirectory(root, "\(output.name.filter(\.isLetter))-\(kind.filter(\.isLetter))")
            for file in try FileManager.default.contentsOfDirectory(atPath: intact.path) {
                try FileManager.default.copyItem(at: intact.appendingPathComponent(file), to: directory.appendingPathComponent(file))
            }
            let target = directory.appendingPathComponent(name).path
            try make(target)
            let special = ["a FIFO", "a private /dev/null", "a directory"].contains(kind)
            let inputs = [output.input] + (special || kind == "in a missing directory" ? [] : [name])
            cases.append(HostileCase(
                name: "\(output.name) into \(kind)", arguments: output.arguments(name), directory: directory,
                inputs: inputs.map { directory.appendingPathComponent($0).path },
                specialFiles: special ? [target] : [], named: name,
                // Success would mean the output replaced what is there (a missing directory may be created).
                mustFail: kind != "in a missing directory"))
        }
    }
    let found = failures(of: cases)
    #expect(found.isEmpty, "\(found.count) of \(cases.count):\n\(found.joined(separator: "\n"))")
}

/// `run --set` and `sweep` given what a hostile user might type: every case
/// runs or is one line naming the option (or the file the value lands in),
/// and the network file is left as it was.
@Test func everyOverrideAndSweepArgumentMadeHostileIsRunOrNamed() throws {
    let root = try temporaryDirectory()
    let many = (1...400).map(String.init).joined(separator: ",")
    let overrides = [
        "", "=1", "a..b=1", "population=1", "population.integrators=1", "population.0.size=9223372036854775807",
        "seed=-1", "duration=\"1e308 s\"", "duration=" + String(repeating: "[", count: 200), String(repeating: "a.", count: 70) + "a=1",
        "population.integrators.v_init={ uniform = [\"-50 mV\", \"-70 mV\"] }", "record.spikes=[\"integrators:0-99999999999\"]",
        "record.spikes=[\"integrators:5-2\"]", "record.weight_interval=\"0 ms\"", "projection.7.weight=1 mV", "population.integrators.tau_m=",
    ]
    var cases: [HostileCase] = []
    func add(_ name: String, _ arguments: [String], named: String) throws {
        let directory = try caseDirectory(root, "case-\(cases.count)")
        try FileManager.default.copyItem(atPath: "examples/pif_chain.toml", toPath: directory.appendingPathComponent("net.toml").path)
        cases.append(HostileCase(name: name, arguments: arguments, directory: directory,
                                 inputs: [directory.appendingPathComponent("net.toml").path], named: named, orNamed: "net.toml"))
    }
    for override in overrides {
        try add("run --set \(override.prefix(40))", ["run", "net.toml", "--duration", "2", "--set", override], named: "--set")
    }
    for seeds in ["5-1", "1-1000000", "a", "-1", "1,,2"] {
        try add("sweep --seeds \(seeds)", ["sweep", "net.toml", "--seeds", seeds, "--duration", "2", "--out-dir", "s"], named: "--seeds")
    }
    for jobs in ["0", "-1", "100000"] {
        try add("sweep --jobs \(jobs)", ["sweep", "net.toml", "--seeds", "1-2", "--jobs", jobs, "--out-dir", "s"], named: "--jobs")
    }
    try add("sweep into the network file", ["sweep", "net.toml", "--seeds", "1", "--duration", "2", "--out-dir", "net.toml"], named: "net.toml")
    try add("sweep of 160,000 points", ["sweep", "net.toml", "--set", "seed=" + many, "--set", "duration=" + many, "--out-dir", "s"],
            named: "--set")
    try add("sweep of a bad value", ["sweep", "net.toml", "--set", "population.integrators.tau_m=1 ms,x", "--out-dir", "s"],
            named: "sweep point")
    #expect(cases.count >= 25)
    let found = failures(of: cases)
    #expect(found.isEmpty, "\(found.count) of \(cases.count):\n\(found.joined(separator: "\n"))")
}
