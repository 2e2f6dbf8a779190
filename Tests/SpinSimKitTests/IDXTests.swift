import CZlib
import Foundation
import Formats
import SpinSimKit
import Testing
import Diagnostics

private let mnistSmall = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("datasets/mnist-small").path

private func scratchDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("spinsim-idx-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// IDX header + data for a uint8 array of the given dimensions.
private func idx(_ dimensions: [Int], fill: UInt8 = 1) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 8, UInt8(dimensions.count)]
    for d in dimensions { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
    return bytes + [UInt8](repeating: fill, count: dimensions.reduce(1, *))
}

private func gzipped(_ bytes: [UInt8], to path: String) {
    let file = gzopen(path, "wb")!
    _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    gzclose(file)
}

@Test func readsTheShippedMNISTSubset() throws {
    let training = try MNISTDirectory.load(directory: mnistSmall, split: .training)
    let test = try MNISTDirectory.load(directory: mnistSmall, split: .test)
    #expect(training.count == 1000 && test.count == 500)
    #expect(training.pixelsPerImage == 784)
    // The first MNIST labels: 5 0 4 1 9 (training), 7 2 1 0 4 (test).
    #expect(Array(training.labels.prefix(5)) == [5, 0, 4, 1, 9])
    #expect(Array(test.labels.prefix(5)) == [7, 2, 1, 0, 4])
}

@Test func rawAndGzippedFilesReadTheSame() throws {
    let directory = try scratchDirectory()
    let bytes = idx([3, 2, 2], fill: 7)
    let raw = directory.appendingPathComponent("a").path
    try Data(bytes).write(to: URL(fileURLWithPath: raw))
    gzipped(bytes, to: raw + ".gz")
    let fromRaw = try IDXArray.read(path: raw)
    #expect(fromRaw.dimensions == [3, 2, 2] && fromRaw.bytes == [UInt8](repeating: 7, count: 12))
    #expect(try IDXArray.read(path: raw + ".gz") == fromRaw)
}

@Test func badIDXFilesGiveOneLineErrorsNamingTheFile() throws {
    let directory = try scratchDirectory()
    func message(_ bytes: [UInt8], gzip: Bool = false) -> String {
        let path = directory.appendingPathComponent("f-\(UUID().uuidString)").path
        if gzip { gzipped(bytes, to: path) } else { try! Data(bytes).write(to: URL(fileURLWithPath: path)) }
        do {
            _ = try IDXArray.read(path: path)
            return "no error"
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix(path + ": ") && !text.contains("\n"), "\(text)")
            return text
        }
    }
    #expect(message([0, 0, 9, 1, 0, 0, 0, 0]).contains("not an IDX file"))
    #expect(message([0, 0, 8]).contains("truncated"))
    #expect(message(Array(idx([4, 3]).dropLast())).contains("truncated: header declares 4 x 3 = 12 bytes of data, file has 11"))
    #expect(message(idx([4, 3]) + [0]).contains("size mismatch"))
    #expect(message(Array(idx([2, 2]).prefix(10)), gzip: true).contains("truncated"))
    // A gzip header followed by garbage.
    #expect(message([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0xff, count: 40)).contains("corrupt"))
    let missing = directory.appendingPathComponent("missing").path
    #expect(throws: InputError(input: missing, "no such file")) { try IDXArray.read(path: missing) }
}

@Test func imageAndLabelCountsMustAgree() throws {
    let directory = try scratchDirectory()
    gzipped(idx([3, 28, 28]), to: directory.appendingPathComponent("train-images-idx3-ubyte.gz").path)
    let labels = directory.appendingPathComponent("train-labels-idx1-ubyte.gz").path
    gzipped(idx([2]), to: labels)
    #expect(throws: InputError(input: labels, "size mismatch: 2 labels but 3 images in "
                             + directory.appendingPathComponent("train-images-idx3-ubyte.gz").path)) {
        try MNISTDirectory.load(directory: directory.path, split: .training)
    }
    gzipped(idx([3], fill: 10), to: labels)
    #expect(throws: InputError.self) { try MNISTDirectory.load(directory: directory.path, split: .training) }
}

/// The MNIST directory is --mnist if given, else $SPINSIM_MNIST; with neither,
/// the error says how to give one.
@Test func theMNISTDirectoryComesFromTheOptionElseTheEnvironment() throws {
    #expect(try MNISTDirectory.resolve("given", environment: ["SPINSIM_MNIST": "variable"]) == "given")
    #expect(try MNISTDirectory.resolve(nil, environment: ["SPINSIM_MNIST": "variable"]) == "variable")
    for environment in [[:], ["SPINSIM_MNIST": ""]] {
        #expect(throws: InputError(input: "--mnist", "no MNIST directory: pass --mnist DIR or set SPINSIM_MNIST "
                                   + "(a small subset ships in datasets/mnist-small)")) {
            try MNISTDirectory.resolve(nil, environment: environment)
        }
    }
    let limited = try MNISTDirectory.load(directory: mnistSmall, split: .test, limit: 7)
    #expect(limited.count == 7 && Array(limited.labels.prefix(5)) == [7, 2, 1, 0, 4])
    #expect(try MNISTDirectory.load(directory: mnistSmall, split: .test, limit: nil).count == 500)
}
