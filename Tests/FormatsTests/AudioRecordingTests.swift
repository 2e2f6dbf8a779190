import Diagnostics
import Foundation
import Formats
import Testing

/// A canonical 44-byte-header PCM WAV; `dataBytes` overrides the data chunk's declared size.
private func wav(samples: [Int16], channels: UInt16 = 1, rate: UInt32 = 8000, dataBytes: UInt32? = nil) -> Data {
    var data = Data()
    func append<T: FixedWidthInteger>(_ value: T) { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
    let payload = UInt32(samples.count * 2)
    data.append(contentsOf: Array("RIFF".utf8)); append(UInt32(36) + payload)
    data.append(contentsOf: Array("WAVE".utf8))
    data.append(contentsOf: Array("fmt ".utf8)); append(UInt32(16)); append(UInt16(1)); append(channels)
    append(rate); append(rate * UInt32(channels) * 2); append(UInt16(2 * channels)); append(UInt16(16))
    data.append(contentsOf: Array("data".utf8)); append(dataBytes ?? payload)
    for s in samples { append(s) }
    return data
}

private func temporaryFile(_ name: String, _ contents: Data) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spinsim-wav-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let path = directory.appendingPathComponent(name).path
    try contents.write(to: URL(fileURLWithPath: path))
    return path
}

@Test func readsPCMSamplesExactly() throws {
    let samples: [Int16] = [0, 1, -1, 16384, -32768, 32767, 1234]
    let path = try temporaryFile("0_a_1.wav", wav(samples: samples, rate: 8000))
    let recording = try AudioRecording.read(path: path)
    #expect(recording.sampleRate == 8000)
    #expect(recording.samples == samples.map { Double($0) / 32768 })
    #expect(abs(recording.duration - 7.0 / 8000) < 1e-15)
}

@Test func damagedAndUnsupportedFilesAreNamed() throws {
    func message(_ path: String) -> String {
        do { _ = try AudioRecording.read(path: path); return "read" } catch { return error.description }
    }
    let text = try temporaryFile("text.wav", Data("not audio at all".utf8))
    #expect(message(text) == "\(text): not a readable WAV file (Format not recognised.)")
    let header = try temporaryFile("header.wav", wav(samples: [1, 2, 3]).prefix(30))
    #expect(message(header).hasPrefix("\(header): not a readable WAV file"))
    let stereo = try temporaryFile("stereo.wav", wav(samples: [1, 2, 3, 4], channels: 2))
    #expect(message(stereo) == "\(stereo): has 2 channels; mono expected")
    let empty = try temporaryFile("empty.wav", wav(samples: []))
    #expect(message(empty).hasPrefix("\(empty): "))
    // The data chunk claims 4,000 samples; the file holds 3: libsndfile reads what is there and we say so.
    let short = try temporaryFile("short.wav", wav(samples: [5, 6, 7], dataBytes: 8000))
    let shortMessage = message(short)
    #expect(shortMessage == "\(short): truncated: data chunk 8000 (should be 6) bytes")
    #expect(message("/nonexistent/x.wav") == "/nonexistent/x.wav: no such file")
    #expect(message(FileManager.default.temporaryDirectory.path).hasSuffix("is a directory, not a regular file"))
}

/// A FIFO would block a reader forever: it is refused before it is opened.
@Test func specialFilesAreRefusedWithoutBlocking() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("spinsim-fifo-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let fifo = directory.appendingPathComponent("1_a_0.wav").path
    #expect(mkfifo(fifo, 0o600) == 0)
    #expect(throws: InputError(input: fifo, "is a FIFO, not a regular file")) { try AudioRecording.read(path: fifo) }
}
