#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CZlib
import Diagnostics
import Foundation

/// An IDX array of unsigned bytes (the MNIST format, LeCun et al.): a 4-byte
/// magic number 0x00 0x00 0x08 <rank>, then `rank` big-endian 32-bit
/// dimensions, then the bytes in row-major order.
public struct IDXArray: Sendable, Equatable {
    public let dimensions: [Int]
    public let bytes: [UInt8]

    /// At most 1 GiB of data (the whole of MNIST is 55 MB): a header
    /// declaring more is refused before anything is allocated.
    public static let largestData = 1 << 30

    /// Reads a raw or gzipped IDX file (zlib's gzread passes uncompressed
    /// files through unchanged). The data must fill the declared dimensions
    /// exactly: a short or long file is an error, as is any other magic.
    ///
    /// The header is read and checked first and the body read up to the
    /// size it declares (and one byte more, to tell a long file), so a gzip
    /// bomb or an endless device costs no more than the declared size.
    public static func read(path: String) throws(InputError) -> IDXArray {
        let descriptor = try InputFile.open(path)
        guard let file = gzdopen(descriptor, "rb") else {
            close(descriptor)
            throw InputError(input: path, "cannot open for reading")
        }
        defer { gzclose(file) }
        func read(_ count: Int) throws(InputError) -> [UInt8] {
            var bytes = [UInt8](repeating: 0, count: count)
            var filled = 0
            while filled < count {
                let chunk = UInt32(min(count - filled, 1 << 30))
                let got = bytes.withUnsafeMutableBytes { gzread(file, $0.baseAddress! + filled, chunk) }
                if got < 0 {
                    var code: Int32 = 0
                    let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown error"
                    throw InputError(input: path, "corrupt compressed data (\(message))")
                }
                if got == 0 { break }
                filled += Int(got)
            }
            return Array(bytes[..<filled])
        }
        var data = try read(4)
        if data.count == 4, data[0] == 0, data[1] == 0, data[2] == 0x08, (1...4).contains(data[3]) {
            data += try read(4 * Int(data[3]))
        }
        let (dimensions, expected) = try header(data, path: path)
        data += try read(expected + 1)
        return try parse(data, path: path, header: (dimensions, expected))
    }

    /// Parses the bytes of an uncompressed IDX file; `path` names it in errors.
    public static func parse(_ data: [UInt8], path: String) throws(InputError) -> IDXArray {
        try parse(data, path: path, header: header(data, path: path))
    }

    private static func parse(_ data: [UInt8], path: String, header: (dimensions: [Int], size: Int)) throws(InputError) -> IDXArray {
        let headerSize = 4 + 4 * header.dimensions.count
        let actual = data.count - headerSize
        guard actual == header.size else {
            let shape = header.dimensions.map(String.init).joined(separator: " x ")
            let problem = actual < header.size ? "truncated" : "size mismatch"
            let found = actual < header.size ? "file has \(actual)" : "file has more"
            throw InputError(input: path, "\(problem): header declares \(shape) = \(header.size) bytes of data, \(found)")
        }
        return IDXArray(dimensions: header.dimensions, bytes: Array(data[headerSize...]))
    }

    /// The dimensions and data size the header at the start of `data`
    /// declares, checked against `largestData`.
    private static func header(_ data: [UInt8], path: String) throws(InputError) -> (dimensions: [Int], size: Int) {
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
            expected = overflow ? Int.max : product
        }
        guard expected <= largestData else {
            let shape = dimensions.map(String.init).joined(separator: " x ")
            throw InputError(input: path, "header declares \(shape) bytes, more than the \(InputFile.describe(bytes: largestData)) limit")
        }
        return (dimensions, expected)
    }
}
