import Foundation
import Diagnostics

/// How checkpoints and other state files are stored: JSON whose doubles round-trip exactly
/// (infinities as "inf"), written atomically (`AtomicOutput`), read back with
/// one-line errors that name the file and the field that is wrong.
public enum JSONFile {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    public static func save<Value: Encodable>(_ value: Value, to path: String) throws(InputError) {
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw InputError(input: path, message: "cannot encode the checkpoint: \(error)")
        }
        try AtomicOutput.write(data, to: path)
    }

    /// 1 GiB: the largest checkpoint SpinSim writes (an EqSpike network at
    /// its size bound) is about 300 MB.
    public static let largestFile = 1 << 30

    /// Decodes `path`; `kind` names what the file should be ("a SpinSim checkpoint").
    public static func load<Value: Decodable>(_: Value.Type, from path: String, kind: String) throws(InputError) -> Value {
        let data = try InputFile.read(path, limit: largestFile, what: kind)
        try JSONDuplicateKeys.check(data, input: path)
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        do { return try decoder.decode(Value.self, from: data) } catch {
            throw InputError(input: path, message: "not \(kind) or damaged (\(describe(error)))")
        }
    }

    private static func describe(_ error: Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, context):
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        case let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context),
             let DecodingError.dataCorrupted(context):
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            return field.isEmpty ? "invalid JSON" : "bad value at \(field)"
        default:
            return "\(error)"
        }
    }
}
