import Foundation
import Formats

/// The frame every model file shares: written through `AtomicOutput` (a run
/// killed while saving leaves no file, or the previous one, never a
/// half-written model), provenance on the root, the model in one group.
enum ModelFileWriting {
    static func write(path: String, replacing: Bool, provenance: [String: String], group name: String,
                      _ body: (HDF5Group) throws -> Void) throws {
        try AtomicOutput(path: path, replacing: replacing).write { temporaryPath in
            let file = try HDF5File.create(path: temporaryPath, overwrite: true)
            let root = try file.rootGroup()
            try root.setAttributes(provenance)
            try body(try root.createGroup(name))
            try file.flush()
        }
    }
}

extension HDF5Group {
    /// A Codable value as a JSON text attribute, keys sorted so files diff cleanly.
    func setJSONAttribute<T: Encodable>(_ name: String, _ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try setAttribute(name, string: String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
