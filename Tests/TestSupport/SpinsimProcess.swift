import Foundation

/// The spinsim executable built next to the test bundle.
public let binary: URL = {
    var directory = Bundle.main.bundleURL
    if directory.pathExtension == "xctest" { directory.deleteLastPathComponent() }
    return directory.appendingPathComponent("spinsim")
}()

public let repository = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The 1,000/500-image MNIST subset shipped with the repository.
public let smallMNIST = repository.appendingPathComponent("datasets/mnist-small").path

/// What a spinsim run printed and how it ended.
public struct Outcome: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs spinsim with `arguments` from the repository root (or `directory`) and waits for it.
public func spinsim(_ arguments: [String], in directory: URL? = nil) throws -> Outcome {
    try run(binary, arguments, in: directory)
}

/// Runs spinsim-bench with `arguments` from the repository root and waits for it.
public func spinsimBench(_ arguments: [String]) throws -> Outcome {
    try run(binary.deletingLastPathComponent().appendingPathComponent("spinsim-bench"), arguments)
}

private func run(_ executable: URL, _ arguments: [String], in directory: URL? = nil) throws -> Outcome {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory ?? repository
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
}

/// A new empty directory under the system's temporary directory.
public func temporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("spinsim-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
