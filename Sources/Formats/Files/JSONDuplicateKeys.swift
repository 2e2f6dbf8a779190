import Diagnostics
import Foundation

/// Refuses JSON in which one object names a key twice. JSONDecoder (and
/// SpinSim's own JSON reader on top of it) silently keeps one of the two
/// values, so an edited checkpoint or detector file with a repeated key would
/// be read as something its author did not see. The decoders cannot tell, so
/// the text is scanned once before it is decoded: a scanner of the JSON
/// structure that only remembers the keys of the objects still open.
public enum JSONDuplicateKeys {
    /// Throws if some object in `data` repeats a key; the error names `input`
    /// (and `field`, the place of the JSON text inside it, if any) and the key.
    public static func check(_ data: Data, input: String, field: String = "") throws(InputError) {
        guard let duplicate = firstDuplicate(in: data) else { return }
        throw InputError(input: input, field: field, message: "duplicate key \(duplicate) (a JSON object must not repeat a key)")
    }

    /// Where the first repeated key is, as a path (`history[2].epoch`), or nil.
    /// Invalid JSON is left for the decoder to report: the scan only looks at
    /// brackets, commas and strings, and stops at the end of the text.
    public static func firstDuplicate(in data: Data) -> String? {
        data.withUnsafeBytes { raw in
            var scanner = Scanner(bytes: raw.bindMemory(to: UInt8.self))
            return scanner.run()
        }
    }

    private enum Container {
        case object(keys: Set<[UInt8]>, key: [UInt8]?, expectingKey: Bool)
        case array(index: Int)
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0
        var open: [Container] = []

        mutating func run() -> String? {
            while position < bytes.count {
                let byte = bytes[position]
                position += 1
                switch byte {
                case UInt8(ascii: "{"): open.append(.object(keys: [], key: nil, expectingKey: true))
                case UInt8(ascii: "["): open.append(.array(index: 0))
                case UInt8(ascii: "}"), UInt8(ascii: "]"): _ = open.popLast()
                case UInt8(ascii: ","):
                    switch open.last {
                    case .object(let keys, let key, _)?: open[open.count - 1] = .object(keys: keys, key: key, expectingKey: true)
                    case .array(let index)?: open[open.count - 1] = .array(index: index + 1)
                    case nil: break
                    }
                case UInt8(ascii: "\""):
                    let string = readString()
                    if case .object(var keys, _, true)? = open.last {
                        let key = decode(string)
                        if keys.contains(key) {
                            open[open.count - 1] = .object(keys: keys, key: key, expectingKey: false)
                            return path()
                        }
                        keys.insert(key)
                        open[open.count - 1] = .object(keys: keys, key: key, expectingKey: false)
                    }
                default: break
                }
            }
            return nil
        }

        /// The raw bytes of a string whose opening quote has been read, escapes
        /// still in; `position` ends after the closing quote.
        mutating func readString() -> ArraySlice<UInt8> {
            let start = position
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            let end = min(position, bytes.count)
            position += 1
            return ArraySlice(bytes[start..<end])
        }

        /// A key's UTF-8 bytes with escapes resolved, so `"a"` and `"\u0061"` are one key.
        func decode(_ raw: ArraySlice<UInt8>) -> [UInt8] {
            guard raw.contains(UInt8(ascii: "\\")) else { return Array(raw) }
            var units: [UInt16] = []
            var index = raw.startIndex
            func hex(_ at: Int) -> UInt16? {
                guard at + 4 <= raw.endIndex else { return nil }
                return UInt16(String(decoding: raw[at..<(at + 4)], as: UTF8.self), radix: 16)
            }
            while index < raw.endIndex {
                let byte = raw[index]
                guard byte == UInt8(ascii: "\\"), index + 1 < raw.endIndex else {
                    // Plain bytes (UTF-8) pass through as UTF-16 of themselves, re-encoded below.
                    let scalarEnd = raw[index...].dropFirst().firstIndex { $0 & 0xC0 != 0x80 } ?? raw.endIndex
                    units += String(decoding: raw[index..<scalarEnd], as: UTF8.self).utf16
                    index = scalarEnd
                    continue
                }
                let escaped = raw[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "u"):
                    if let unit = hex(index) { units.append(unit); index += 4 }
                case UInt8(ascii: "b"): units.append(8)
                case UInt8(ascii: "f"): units.append(12)
                case UInt8(ascii: "n"): units.append(10)
                case UInt8(ascii: "r"): units.append(13)
                case UInt8(ascii: "t"): units.append(9)
                default: units.append(UInt16(escaped))
                }
            }
            return Array(String(decoding: units, as: UTF16.self).utf8)
        }

        /// `history[2].epoch`: the open containers' current keys and indices.
        func path() -> String {
            var text = ""
            for container in open {
                switch container {
                case .object(_, let key?, _):
                    text += (text.isEmpty ? "" : ".") + String(decoding: key, as: UTF8.self)
                case .array(let index): text += "[\(index)]"
                case .object: break
                }
            }
            return text
        }
    }
}
