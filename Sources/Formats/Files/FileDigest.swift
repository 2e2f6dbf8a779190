#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Diagnostics

/// A file's size and FNV-1a 64-bit hash (hex), read in 1 MiB blocks so a
/// file of any size is hashed in constant memory: provenance that names an
/// input file also says which contents it had.
public enum FileDigest {
    public static func of(_ path: String) throws(InputError) -> (bytes: Int, fnv1a64: String) {
        let descriptor = try InputFile.open(path)
        defer { close(descriptor) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count >= 0 else { throw InputError(input: path, "cannot be read") }
            guard count > 0 else { break }
            for byte in buffer[..<count] {
                hash ^= UInt64(byte)
                hash &*= 0x100_0000_01b3
            }
            total += count
        }
        return (total, String(hash, radix: 16))
    }
}
