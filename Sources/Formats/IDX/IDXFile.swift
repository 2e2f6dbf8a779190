import CZlib
import Foundation
import Diagnostics


/// An IDX array of unsigned bytes (the MNIST format, LeCun et al.): a 4-byte
/// magic number 0x00 0x00 0x08 <rank>, then `rank` big-endian 32-bit
/// dimensions, then the bytes in row-major order.
public struct IDXArray: Sendable, Equatable {
    public let dimensions: [Int]
    public let bytes: [UInt8]

    /// Reads a raw or gzipped IDX file (zlib's gzread passes uncompressed
    /// files through unchanged). The data must fill the declared dimensions
    /// exactly: a short or long file is an error, as is any other magic.
    public static func read(path: String) throws -> IDXArray {
        guard FileManager.default.fileExists(atPath: path) else { throw InputError(input: path, "no such file") }
        guard let file = gzopen(path, "rb") else { throw InputError(input: path, "cannot open for reading") }
        defer { gzclose(file) }
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let read = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if read < 0 {
                var code: Int32 = 0
                let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                throw InputError(input: path, "corrupt compressed data (\(message))")
            }
            if read == 0 { break }
            data.append(contentsOf: chunk[0..<Int(read)])
        }
        return try parse(data, path: path)
    }

    /// Parses the bytes of an uncompressed IDX file; `path` names it in errors.
    public static func parse(_ data: [UInt8], path: String) throws -> IDXArray {
        guard data.count >= 4 else { throw InputError(input: path, "truncated: \(data.count) bytes, no IDX header") }
        guard data[0] == 0, data[1] == 0, data[2] == 0x08, (1...4).contains(data[3]) else {
            let magic = data[0..<4].map { String(format: "%02x", $0) }.joined()
            throw InputError(input: path, "not an IDX file of unsigned bytes (magic 0x\(magic), expected 0x0000080N with N in 1...4)")
        }
        let rank = Int(data[3])
        let headerSize = 4 + 4 * rank
        guard data.count >= headerSize else {
            throw InputError(input: path, "truncated: \(data.count) bytes, header needs \(headerSize)")
        }
        let dimensions = (0..<rank).map { d in
            data[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | Int($1) }
        }
        // Dimensions are up to 2^32 - 1 each: their product can overflow.
        var expected = 1
        for dimension in dimensions {
            let (product, overflow) = expected.multipliedReportingOverflow(by: dimension)
            guard !overflow else {
                let shape = dimensions.map(String.init).joined(separator: " x ")
                throw InputError(input: path, "header declares \(shape) bytes, more than any file can hold")
            }
            expected = product
        }
        let actual = data.count - headerSize
        guard actual == expected else {
            let shape = dimensions.map(String.init).joined(separator: " x ")
            let problem = actual < expected ? "truncated" : "size mismatch"
            throw InputError(input: path, "\(problem): header declares \(shape) = \(expected) bytes of data, file has \(actual)")
        }
        return IDXArray(dimensions: dimensions, bytes: Array(data[headerSize...]))
    }
}
