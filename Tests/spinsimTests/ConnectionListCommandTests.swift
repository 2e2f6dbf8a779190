#if canImport(Glibc)
import Glibc
#endif
import Formats
import Foundation
import Testing
import TestSupport

/// `spinsim run` on a network whose connection list is hostile: exit 1 with
/// one line naming the list, within the hostile suite's time limit (a FIFO
/// or a device would block or never end if it were read), the list and the
/// special files left as they were.
@Test(arguments: ["fifo.csv", "zero.csv", "ragged.csv", "float.h5", "missing.csv", "text.h5"])
func aRunRefusesAHostileConnectionListInOneLine(list: String) throws {
    let directory = try temporaryDirectory()
    let path = { (name: String) in directory.appendingPathComponent(name).path }
    try """
        duration = "100 ms"
        [[population]]
        name = "drive"
        model = "poisson"
        size = 4
        rate = { times = ["0 ms", "50 ms"], values = ["10 Hz", "20 Hz"] }
        [[population]]
        name = "cells"
        model = "lif"
        size = 4
        tau_m = "10 ms"
        v_rest = "-70 mV"
        v_threshold = "-55 mV"
        v_reset = "-70 mV"
        t_refractory = "2 ms"
        v_init = "-70 mV"
        [[projection]]
        source = "drive"
        target = "cells"
        connectivity = { rule = "file", path = "\(list)" }
        weight = { uniform = ["1 mV", "2 mV"] }
        """.write(toFile: path("net.toml"), atomically: false, encoding: .utf8)
    var special: [String] = []
    switch list {
    case "fifo.csv":
        #expect(mkfifo(path(list), 0o600) == 0)
        special = [path(list)]
    case "zero.csv": try FileManager.default.createSymbolicLink(atPath: path(list), withDestinationPath: "/dev/zero")
    case "ragged.csv": try "source,target\n0,1\n2\n".write(toFile: path(list), atomically: false, encoding: .utf8)
    case "float.h5":
        let root = try HDF5File.create(path: path(list)).rootGroup()
        _ = try root.createDataset("source", values: [0.5, 1.5])
        _ = try root.createDataset("target", values: [UInt64(0), 1])
    case "text.h5": try String(repeating: "x", count: 4096).write(toFile: path(list), atomically: false, encoding: .utf8)
    default: break
    }
    let inputs = ["fifo.csv", "zero.csv", "missing.csv"].contains(list) ? [path("net.toml")] : [path("net.toml"), path(list)]
    let failure = HostileCase(name: list, arguments: ["run", path("net.toml"), "--out", path("t.h5")], directory: directory,
                              inputs: inputs, outputsOnSuccess: [], specialFiles: special, named: list, mustFail: true).failure()
    #expect(failure == nil)
    #expect(!FileManager.default.fileExists(atPath: path("t.h5")))
}
