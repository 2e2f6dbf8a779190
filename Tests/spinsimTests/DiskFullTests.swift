import Foundation
import Testing
import TestSupport

/// A small tmpfs mounted for the test; nil where mounting is not allowed
/// (not root, or a container without the capability): the test then skips.
private func mountSmallFilesystem() throws -> String? {
    guard getuid() == 0 else { return nil }
    let directory = try temporaryDirectory().path
    let mount = Process()
    mount.executableURL = URL(fileURLWithPath: "/bin/mount")
    mount.arguments = ["-t", "tmpfs", "-o", "size=256k", "tmpfs", directory]
    mount.standardError = FileHandle.nullDevice
    try mount.run()
    mount.waitUntilExit()
    return mount.terminationStatus == 0 ? directory : nil
}

private func unmount(_ directory: String) {
    let umount = Process()
    umount.executableURL = URL(fileURLWithPath: "/bin/umount")
    umount.arguments = [directory]
    try? umount.run()
    umount.waitUntilExit()
}

/// Every command that writes HDF5 (and a checkpoint), on a full disk: one
/// line naming the output, exit 1 (not a crash in libhdf5's exit handlers),
/// and no partial or incomplete file left behind under any name.
@Test func aFullDiskGivesOneLineAndNoFile() throws {
    guard let disk = try mountSmallFilesystem() else { return }
    defer { unmount(disk) }
    let inputs = try readableInputs()
    let cases: [[String]] = [
        ["resume", inputs.checkpoint, "--duration", "2000", "--out", disk + "/r.h5"],
        ["eqspike", "evaluate", "--mnist", smallMNIST, "--model", "models/eqspike-784-500-10.h5", "--test-limit", "2",
         "--record-state", disk + "/e.h5"],
        ["reservoir", "train", "--data", inputs.recordings, "--element", "none", "--no-evaluation", "--channels", "8",
         "--save", disk + "/v.h5"],
        ["reservoir", "evaluate", "--data", inputs.recordings, "--model", inputs.reservoirModel, "--out", disk + "/ve.h5"],
        ["run", "examples/bench4.toml", "--duration", "2000", "--out", disk + "/t.h5"],
        ["run", "examples/bench4.toml", "--duration", "50", "--checkpoint", disk + "/ck"],
        ["cheese", "classify", "--data", "datasets/cheese/benchmark.csv", "--target", "cheddar", "--model", "phase", "--out", disk + "/c.h5"],
        ["eqspike", "train", "--mnist", smallMNIST, "--hidden", "100", "--epochs", "1", "--train-limit", "20", "--test-limit", "0",
         "--quiet", "--save", disk + "/m.h5"],
        ["ising", "train", "--mnist", smallMNIST, "--epochs", "1", "--train-limit", "10", "--test-limit", "0", "--quiet",
         "--save", disk + "/i.h5"],
    ]
    for arguments in cases {
        // Leave 4 KB free: enough to create a file, not to write it.
        try? FileManager.default.removeItem(atPath: disk + "/filler")
        try Data(count: 4096).write(to: URL(fileURLWithPath: disk + "/reserve"))
        let filler = FileHandle(forWritingAtPath: disk + "/filler") ?? {
            FileManager.default.createFile(atPath: disk + "/filler", contents: nil)
            return FileHandle(forWritingAtPath: disk + "/filler")!
        }()
        while (try? filler.write(contentsOf: Data(count: 1024))) != nil {}
        try filler.close()
        try FileManager.default.removeItem(atPath: disk + "/reserve")
        let streamed = arguments[0] == "run" && arguments.contains("--out") || arguments[0] == "resume"
        let outcome = try spinsim(arguments)
        let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(outcome.status == 1 && errors.count == 1 && errors[0].contains(disk), "\(arguments): \(outcome.status) \(outcome.stderr)")
        #expect(!outcome.stderr.contains("crashed"), "\(arguments)")
        let left = try FileManager.default.contentsOfDirectory(atPath: disk).filter { $0 != "filler" }
        // A streamed trace may stay, marked incomplete; nothing else may.
        for name in left {
            #expect(streamed && ["t.h5", "r.h5"].contains(name), "\(arguments) left \(name)")
            let inspect = try spinsim(["inspect", disk + "/" + name])
            #expect(!inspect.stdout.contains("completed  yes"), "\(inspect.stdout)")
            try FileManager.default.removeItem(atPath: disk + "/" + name)
        }
    }
}

/// Inputs made on an ordinary disk for the commands that read them: a
/// checkpoint with its trace, a reservoir model and the directory of FSDD-named recordings (two digits, a tone each, 16-bit WAV).
private func readableInputs() throws -> (checkpoint: String, recordings: String, reservoirModel: String) {
    let directory = try temporaryDirectory().path
    let checkpoint = directory + "/ck"
    #expect(try spinsim(["run", "examples/bench4.toml", "--duration", "20", "--out", directory + "/t.h5",
                         "--checkpoint", checkpoint]).status == 0)
    let recordings = directory + "/recordings"
    try FileManager.default.createDirectory(atPath: recordings, withIntermediateDirectories: false)
    for digit in 0..<2 {
        for index in 0..<5 {
            let samples = (0..<4000).map { Int16(8000 * sin(Double($0) * 0.05 * Double(digit + 1) + Double(index))) }
            try wav(samples).write(to: URL(fileURLWithPath: "\(recordings)/\(digit)_test_\(index).wav"))
        }
    }
    let model = directory + "/reservoir.h5"
    #expect(try spinsim(["reservoir", "train", "--data", recordings, "--element", "none", "--no-evaluation", "--channels", "8",
                         "--save", model]).status == 0)
    return (checkpoint, recordings, model)
}

/// A mono 16-bit PCM WAV file at 8 kHz, as FSDD's recordings are.
private func wav(_ samples: [Int16]) -> Data {
    var data = Data()
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    let bytes = UInt32(samples.count * 2)
    data.append(contentsOf: Array("RIFF".utf8)); append(36 + bytes); data.append(contentsOf: Array("WAVEfmt ".utf8))
    append(UInt32(16)); append(UInt16(1)); append(UInt16(1)); append(UInt32(8000)); append(UInt32(16000))
    append(UInt16(2)); append(UInt16(16))
    data.append(contentsOf: Array("data".utf8)); append(bytes)
    for sample in samples { append(sample) }
    return data
}
