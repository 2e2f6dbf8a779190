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
    // Leave about 16 KB free: enough to create a file, not to write it.
    try Data(count: 240 * 1024).write(to: URL(fileURLWithPath: disk + "/filler"))
    let cases: [[String]] = [
        ["run", "examples/bench4.toml", "--duration", "2000", "--out", disk + "/t.h5"],
        ["run", "examples/bench4.toml", "--duration", "50", "--checkpoint", disk + "/ck"],
        ["cheese", "classify", "--data", "datasets/cheese/benchmark.csv", "--target", "cheddar", "--model", "phase", "--out", disk + "/c.h5"],
        ["eqspike", "train", "--mnist", smallMNIST, "--hidden", "100", "--epochs", "1", "--train-limit", "20", "--test-limit", "0",
         "--quiet", "--save", disk + "/m.h5"],
        ["ising", "train", "--mnist", smallMNIST, "--epochs", "1", "--train-limit", "10", "--test-limit", "0", "--quiet",
         "--save", disk + "/i.h5"],
    ]
    for arguments in cases {
        let outcome = try spinsim(arguments)
        let errors = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
        #expect(outcome.status == 1 && errors.count == 1 && errors[0].contains(disk), "\(arguments): \(outcome.status) \(outcome.stderr)")
        #expect(!outcome.stderr.contains("crashed"), "\(arguments)")
        let left = try FileManager.default.contentsOfDirectory(atPath: disk).filter { $0 != "filler" }
        // A streamed trace may stay, marked incomplete; nothing else may.
        for name in left {
            #expect(name == "t.h5", "\(arguments) left \(name)")
            let inspect = try spinsim(["inspect", disk + "/" + name])
            #expect(!inspect.stdout.contains("completed  yes"), "\(inspect.stdout)")
            try FileManager.default.removeItem(atPath: disk + "/" + name)
        }
    }
}
