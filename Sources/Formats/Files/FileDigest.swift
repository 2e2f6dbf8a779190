#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics
import Foundation

/// A file's size and FNV-1a 64-bit hash (hex), read in 1 MiB blocks so a
/// file of any size is hashed in constant memory: provenance that names an
/// input file also says which contents it had.
public enum FileDigest {
    public static func of(_ path: String) throws(InputError) -> (bytes: Int, fnv1a64: String) {
        let descriptor = try InputFile.open(path)
        defer { close(descriptor) }
        var hash = offsetBasis
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw InputError(input: path, "cannot be read") }
            guard count > 0 else { break }
            fold(buffer[..<count], into: &hash)
            total += count
        }
        return (total, String(hash, radix: 16))
    }

    /// The digest of bytes already read, so that what is recorded is what was parsed.
    public static func of(contents: Data) -> (bytes: Int, fnv1a64: String) {
        var hash = offsetBasis
        fold(contents, into: &hash)
        return (contents.count, String(hash, radix: 16))
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    private static func fold(_ bytes: some Sequence<UInt8>, into hash: inout UInt64) {
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
    }
}
