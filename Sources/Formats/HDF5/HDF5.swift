#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CHDF5
import Foundation
import Diagnostics

// A thin, safe layer over libhdf5: every handle is owned by a Swift object that
// closes it in `deinit`, and every failing call becomes a thrown `InputError`
// that names the file and the operation. Only what SpinSim's reports (and
// reading them back) need is wrapped: groups, chunked extendible 1-D datasets,
// and attributes.
//
// The types are deliberately not `Sendable`: use one file from one thread at a
// time.


/// Element types of datasets and numeric attributes. Files always store
/// little-endian types so reports are byte-identical across machines; memory
/// uses the native type and libhdf5 converts.
public enum HDF5ElementType: Sendable {
    case float64
    case float32
    case uint64
    case uint32
    /// Signed, to read integer ids that other writers store signed (BMTK's
    /// spike node_ids) with negative values seen as such, not clipped to 0.
    case int64

    var fileType: hid_t {
        switch self {
        case .float64: spinsim_H5T_IEEE_F64LE()
        case .float32: spinsim_H5T_IEEE_F32LE()
        case .uint64: spinsim_H5T_STD_U64LE()
        case .uint32: spinsim_H5T_STD_U32LE()
        case .int64: spinsim_H5T_STD_I64LE()
        }
    }

    var memoryType: hid_t {
        switch self {
        case .float64: spinsim_H5T_NATIVE_DOUBLE()
        case .float32: spinsim_H5T_NATIVE_FLOAT()
        case .uint64: spinsim_H5T_NATIVE_UINT64()
        case .uint32: spinsim_H5T_NATIVE_UINT32()
        case .int64: spinsim_H5T_NATIVE_INT64()
        }
    }
}

/// A Swift type that can be stored in datasets and numeric attributes.
public protocol HDF5Element: BitwiseCopyable {
    static var hdf5Type: HDF5ElementType { get }
}

extension Double: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .float64 }
}

extension UInt64: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .uint64 }
}

extension Float: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .float32 }
}

extension UInt32: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .uint32 }
}

extension Int64: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .int64 }
}

/// An attribute's value as read back. Scalars come back as one-element arrays,
/// so callers (tests, `inspect`) need not care about the stored shape.
public enum HDF5AttributeValue: Equatable, Sendable {
    case doubles([Double])
    case uint64s([UInt64])
    case int64s([Int64])
    case strings([String])
    /// An enum with exactly the members FALSE and TRUE (how h5py stores bools).
    case bools([Bool])
    /// Any other enum, by member name.
    case enumNames([String])
}

/// Owns a transient libhdf5 identifier (dataspace, datatype, property list,
/// attribute) and releases it with the matching close function.
final class HDF5Handle {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit { _ = close(id) }
}

/// Runs one libhdf5 call and throws if it reports failure (a negative result).
///
/// libhdf5 prints its error stack to stderr by default; SpinSim reports its own
/// one-line errors instead. Debian's libhdf5 is built thread-safe, where that
/// setting is per thread, so it is re-applied before every call (it is cheap)
/// rather than once: a report may be written from a simulation thread other
/// than the one that opened it.
func hdf5Call<R: BinaryInteger>(_ path: String, _ operation: @autoclosure () -> String, _ body: () -> R) throws -> R {
    spinsim_H5_silence_errors()
    let result = body()
    guard result >= 0 else { throw InputError(input: path, operation()) }
    return result
}

/// An open HDF5 file. Groups and datasets keep their file alive, so the file is
/// closed once the last object opened from it is released.
public final class HDF5File {
    /// The path the file was opened with; every error message starts with it.
    public let path: String
    let id: hid_t
    /// A descriptor holding a POSIX write lock on a file this process
    /// creates (-1 for files opened): see `create`.
    private let lockDescriptor: Int32

    private init(path: String, id: hid_t, lockDescriptor: Int32 = -1) {
        self.path = path
        self.id = id
        self.lockDescriptor = lockDescriptor
    }

    deinit {
        _ = H5Fclose(id)
        if lockDescriptor >= 0 { close(lockDescriptor) }
    }

    /// Creates a new file. Refuses to replace an existing file unless
    /// `overwrite` is set, so a finished run's results are not lost by accident.
    ///
    /// Before libhdf5 truncates anything, the path is opened and write-locked
    /// (whole file) for as long as the file is open: libhdf5 truncates
    /// first and checks its own lock afterwards, so two processes given the
    /// same output used to destroy each other's file. The second one now
    /// fails with one line and leaves the first one's file alone. (An
    /// open-file-description lock, `spinsim_lock_for_writing`: independent of
    /// the flock libhdf5 takes itself, and kept while libhdf5 opens and closes
    /// the file through its own descriptors.)
    public static func create(path: String, overwrite: Bool = false) throws -> HDF5File {
        // Checked up front for a clear message; exclusive creation still guards against races.
        try OutputPolicy.check(path, replacing: overwrite)
        let existed = access(path, F_OK) == 0
        #if canImport(Glibc)
        let descriptor = Glibc.open(path, O_RDWR | O_CREAT | (overwrite ? 0 : O_EXCL), 0o644)
        #else
        let descriptor = Darwin.open(path, O_RDWR | O_CREAT | (overwrite ? 0 : O_EXCL), 0o644)
        #endif
        guard descriptor >= 0 else {
            throw InputError(input: path, "cannot create file (\(String(cString: strerror(errno))))")
        }
        guard spinsim_lock_for_writing(descriptor) == 0 else {
            close(descriptor)
            throw InputError(input: path, "is being written by another process; refusing to replace it")
        }
        do {
            let id = try hdf5Call(path, "cannot create file") {
                H5Fcreate(path, spinsim_H5F_ACC_TRUNC(), spinsim_H5P_DEFAULT(), spinsim_H5P_DEFAULT())
            }
            return HDF5File(path: path, id: id, lockDescriptor: descriptor)
        } catch {
            if !existed { unlink(path) }
            close(descriptor)
            throw error
        }
    }

    /// Opens an existing file, read-only unless `writable`.
    public static func open(path: String, writable: Bool = false) throws -> HDF5File {
        try InputFile.check(path)
        let id = try hdf5Call(path, writable ? "cannot open HDF5 file for writing" : "not a readable HDF5 file") {
            H5Fopen(path, writable ? spinsim_H5F_ACC_RDWR() : spinsim_H5F_ACC_RDONLY(), spinsim_H5P_DEFAULT())
        }
        return HDF5File(path: path, id: id)
    }

    /// The root group `/`, which also carries file-level attributes.
    public func rootGroup() throws -> HDF5Group {
        let id = try hdf5Call(path, "cannot open group /") { H5Gopen2(self.id, "/", spinsim_H5P_DEFAULT()) }
        return HDF5Group(file: self, path: "/", id: id)
    }

    /// Writes everything libhdf5 has cached to disk, so that a process killed
    /// afterwards leaves a readable file.
    public func flush() throws {
        _ = try hdf5Call(path, "cannot flush file") { H5Fflush(id, H5F_SCOPE_GLOBAL) }
    }
}

/// A group or dataset: a named object in a file that carries attributes.
public class HDF5Object {
    public let file: HDF5File
    /// Absolute path of the object inside the file, for messages.
    public let path: String
    let id: hid_t

    init(file: HDF5File, path: String, id: hid_t) {
        self.file = file
        self.path = path
        self.id = id
    }

    deinit { _ = H5Oclose(id) }

    /// Path of a child named `name`, which may itself be absolute.
    func childPath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path == "/" ? "/" + name : path + "/" + name
    }

    func call<R: BinaryInteger>(_ operation: @autoclosure () -> String, _ body: () -> R) throws -> R {
        try hdf5Call(file.path, operation(), body)
    }

    func handle(_ operation: @autoclosure () -> String, close: @escaping (hid_t) -> herr_t,
                _ body: () -> hid_t) throws -> HDF5Handle {
        HDF5Handle(try call(operation(), body), close: close)
    }

    // MARK: Writing attributes

    /// Writes a scalar numeric attribute, replacing any attribute of that name.
    public func setAttribute<T: HDF5Element>(_ name: String, value: T) throws {
        try withUnsafeBytes(of: value) { bytes in
            try writeAttribute(name, fileType: T.hdf5Type.fileType, memoryType: T.hdf5Type.memoryType,
                               count: nil, data: bytes.baseAddress)
        }
    }

    /// Writes a 1-D numeric attribute, replacing any attribute of that name.
    public func setAttribute<T: HDF5Element>(_ name: String, values: [T]) throws {
        try values.withUnsafeBytes { bytes in
            try writeAttribute(name, fileType: T.hdf5Type.fileType, memoryType: T.hdf5Type.memoryType,
                               count: values.count, data: bytes.baseAddress)
        }
    }

    /// Writes a scalar string attribute as a variable-length UTF-8 string: h5py
    /// reads that as `str` (fixed-length strings come back as `bytes`), and its
    /// length is not limited by the 64 KiB object header.
    public func setAttribute(_ name: String, string: String) throws {
        let type = try Self.utf8StringType(in: self)
        try string.withCString { cString in
            let pointer: UnsafePointer<CChar>? = cString
            try withUnsafeBytes(of: pointer) { bytes in
                try writeAttribute(name, fileType: type.id, memoryType: type.id, count: nil, data: bytes.baseAddress)
            }
        }
    }

    /// Writes a scalar boolean attribute the way h5py stores numpy bools (an
    /// enum over int8 with members FALSE = 0 and TRUE = 1), so h5py reads it
    /// back as `numpy.bool_` rather than as a number.
    public func setAttribute(_ name: String, bool: Bool) throws {
        try writeEnumAttribute(name, base: spinsim_H5T_NATIVE_INT8(),
                               members: [("FALSE", 0), ("TRUE", 1)], value: bool ? 1 : 0)
    }

    /// Writes a scalar attribute of an HDF5 enum type over uint8, for formats
    /// that prescribe one (SONATA's `sorting`).
    public func setEnumAttribute(_ name: String, members: [(name: String, value: UInt8)], value: UInt8) throws {
        try writeEnumAttribute(name, base: spinsim_H5T_NATIVE_UINT8(), members: members, value: value)
    }

    /// `members` values are single bytes, valid for any 8-bit `base` (0 and 1
    /// have the same bit pattern signed or not).
    private func writeEnumAttribute(_ name: String, base: hid_t, members: [(name: String, value: UInt8)],
                                    value: UInt8) throws {
        let what = "cannot write attribute \(name) on \(path)"
        let type = try handle(what, close: H5Tclose) { H5Tenum_create(base) }
        for member in members {
            var memberValue = member.value
            _ = try call(what) { H5Tenum_insert(type.id, member.name, &memberValue) }
        }
        try withUnsafeBytes(of: value) { bytes in
            try writeAttribute(name, fileType: type.id, memoryType: type.id, count: nil, data: bytes.baseAddress)
        }
    }

    /// Creates (or replaces) attribute `name`: scalar if `count` is nil, else
    /// 1-D of `count` elements read from `data`.
    /// Removes an attribute if it exists.
    public func removeAttribute(_ name: String) throws {
        let what = "cannot remove attribute \(name) of \(path)"
        if try call(what, { H5Aexists(id, name) }) > 0 {
            _ = try call(what) { H5Adelete(id, name) }
        }
    }

    private func writeAttribute(_ name: String, fileType: hid_t, memoryType: hid_t, count: Int?,
                                data: UnsafeRawPointer?) throws {
        let what = "cannot write attribute \(name) on \(path)"
        if try call(what, { H5Aexists(id, name) }) > 0 {
            _ = try call(what) { H5Adelete(id, name) }
        }
        let space = try handle(what, close: H5Sclose) {
            guard let count else { return H5Screate(H5S_SCALAR) }
            var dims = hsize_t(count)
            return H5Screate_simple(1, &dims, nil)
        }
        let attribute = try handle(what, close: H5Aclose) {
            H5Acreate2(id, name, fileType, space.id, spinsim_H5P_DEFAULT(), spinsim_H5P_DEFAULT())
        }
        // An empty 1-D attribute has no data to write (and libhdf5 rejects a null buffer).
        if count != 0, let data {
            _ = try call(what) { H5Awrite(attribute.id, memoryType, data) }
        }
    }

    /// Variable-length UTF-8 string type, used both in the file and in memory.
    private static func utf8StringType(in object: HDF5Object) throws -> HDF5Handle {
        let what = "cannot create string type"
        let type = try object.handle(what, close: H5Tclose) { H5Tcopy(spinsim_H5T_C_S1()) }
        _ = try object.call(what) { H5Tset_size(type.id, spinsim_H5T_VARIABLE()) }
        _ = try object.call(what) { H5Tset_cset(type.id, H5T_CSET_UTF8) }
        return type
    }

    // MARK: Reading attributes

    /// Names of all attributes, in name order.
    public func attributeNames() throws -> [String] {
        let what = "cannot list attributes of \(path)"
        var info = H5O_info_t()
        _ = try call(what) { H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)) }
        return try (0..<info.num_attrs).map { index in
            try readName(what) { buffer, size in
                H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, buffer, size_t(size), spinsim_H5P_DEFAULT())
            }
        }
    }

    /// Writes each (name, string) pair as a string attribute, in name order
    /// (how provenance is stored; `stringAttributes` reads it back).
    public func setAttributes(_ strings: [String: String]) throws {
        for (name, value) in strings.sorted(by: { $0.key < $1.key }) { try setAttribute(name, string: value) }
    }

    /// Every attribute that holds one or more strings, by name, with its first
    /// string (how provenance is stored).
    public func stringAttributes() throws -> [String: String] {
        var strings: [String: String] = [:]
        for name in try attributeNames() {
            if case .strings(let values) = try attribute(name), let value = values.first { strings[name] = value }
        }
        return strings
    }

    /// Reads attribute `name`, converting numbers to 64-bit and strings to `String`.
    public func attribute(_ name: String) throws -> HDF5AttributeValue {
        let what = "cannot read attribute \(name) of \(path)"
        let attribute = try handle(what, close: H5Aclose) { H5Aopen(id, name, spinsim_H5P_DEFAULT()) }
        let type = try handle(what, close: H5Tclose) { H5Aget_type(attribute.id) }
        let space = try handle(what, close: H5Sclose) { H5Aget_space(attribute.id) }
        let count = Int(try call(what) { H5Sget_simple_extent_npoints(space.id) })

        /// Reads `length` elements of `T` (default: one per attribute element).
        func read<T: BitwiseCopyable>(as memoryType: hid_t, zero: T, length: Int? = nil) throws -> [T] {
            var values = [T](repeating: zero, count: length ?? count)
            if !values.isEmpty {
                _ = try values.withUnsafeMutableBytes { bytes in
                    try call(what) { H5Aread(attribute.id, memoryType, bytes.baseAddress) }
                }
            }
            return values
        }

        switch H5Tget_class(type.id) {
        case H5T_FLOAT:
            return .doubles(try read(as: spinsim_H5T_NATIVE_DOUBLE(), zero: 0.0))
        case H5T_INTEGER where H5Tget_sign(type.id) == H5T_SGN_NONE:
            return .uint64s(try read(as: spinsim_H5T_NATIVE_UINT64(), zero: UInt64(0)))
        case H5T_INTEGER:
            return .int64s(try read(as: spinsim_H5T_NATIVE_INT64(), zero: Int64(0)))
        case H5T_STRING:
            // Strings and enums are read in their stored type: libhdf5 does not
            // convert between character sets, and enum names need raw values.
            if try call(what, { H5Tis_variable_str(type.id) }) > 0 {
                var pointers = try read(as: type.id, zero: UnsafeMutablePointer<CChar>?.none)
                defer { _ = H5Dvlen_reclaim(type.id, space.id, spinsim_H5P_DEFAULT(), &pointers) }
                return .strings(pointers.map { $0.map { String(cString: $0) } ?? "" })
            }
            let size = Int(try call(what) { H5Tget_size(type.id) })
            let bytes = try read(as: type.id, zero: UInt8(0), length: count * size)
            return .strings((0..<count).map { index in
                let field = bytes[index * size ..< (index + 1) * size]
                return String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
            })
        case H5T_ENUM:
            let size = Int(try call(what) { H5Tget_size(type.id) })
            let raw = try read(as: type.id, zero: UInt8(0), length: count * size)
            let names = try raw.withUnsafeBytes { bytes in
                try (0..<count).map { index in
                    var name = [CChar](repeating: 0, count: 256)
                    _ = try call(what) { H5Tenum_nameof(type.id, bytes.baseAddress! + index * size, &name, name.count) }
                    return String(nulTerminated: name)
                }
            }
            if Set(try enumMemberNames(type, what)) == ["FALSE", "TRUE"] {
                return .bools(names.map { $0 == "TRUE" })
            }
            return .enumNames(names)
        default:
            throw InputError(input: file.path, "\(what): unsupported type")
        }
    }

    private func enumMemberNames(_ type: HDF5Handle, _ what: String) throws -> [String] {
        let count = try call(what) { H5Tget_nmembers(type.id) }
        return try (0..<UInt32(count)).map { index in
            guard let name = H5Tget_member_name(type.id, index) else {
                throw InputError(input: file.path, what)
            }
            defer { _ = H5free_memory(name) }
            return String(cString: name)
        }
    }

    /// Calls a libhdf5 "get name" function twice: once with no buffer to learn
    /// the length, once to fill a buffer of that length.
    func readName<R: BinaryInteger>(_ what: String,
                                    _ get: (UnsafeMutablePointer<CChar>?, Int) -> R) throws -> String {
        let length = Int(try call(what) { get(nil, 0) })
        var buffer = [CChar](repeating: 0, count: length + 1)
        _ = try buffer.withUnsafeMutableBufferPointer { pointer in
            try call(what) { get(pointer.baseAddress, pointer.count) }
        }
        return String(nulTerminated: buffer)
    }
}

/// A group: creates and opens child groups and datasets.
public final class HDF5Group: HDF5Object {
    public func createGroup(_ name: String) throws -> HDF5Group {
        let child = childPath(name)
        let id = try call("cannot create group \(child)") {
            H5Gcreate2(self.id, name, spinsim_H5P_DEFAULT(), spinsim_H5P_DEFAULT(), spinsim_H5P_DEFAULT())
        }
        return HDF5Group(file: file, path: child, id: id)
    }

    public func openGroup(_ name: String) throws -> HDF5Group {
        let child = childPath(name)
        let id = try call("cannot open group \(child)") { H5Gopen2(self.id, name, spinsim_H5P_DEFAULT()) }
        return HDF5Group(file: file, path: child, id: id)
    }

    /// Creates an empty dataset that grows along its first dimension with
    /// `HDF5Dataset.append`: 1-D, or 2-D with `columns` columns (rows x columns).
    ///
    /// Data is stored in chunks of `chunkSize` rows (appending whole chunks
    /// is cheapest); `compressionLevel` (0...9) enables gzip per chunk.
    public func createExtendibleDataset<T: HDF5Element>(_ name: String, of _: T.Type, chunkSize: Int,
                                                        columns: Int? = nil,
                                                        compressionLevel: Int? = nil) throws -> HDF5Dataset {
        let child = childPath(name)
        let what = "cannot create dataset \(child)"
        let rank: Int32 = columns == nil ? 1 : 2
        var size: [hsize_t] = [0, hsize_t(columns ?? 0)]
        var maxSize = [spinsim_H5S_UNLIMITED(), hsize_t(columns ?? 0)]
        let space = try handle(what, close: H5Sclose) { H5Screate_simple(rank, &size, &maxSize) }
        let properties = try handle(what, close: H5Pclose) { H5Pcreate(spinsim_H5P_DATASET_CREATE()) }
        var chunk = [hsize_t(chunkSize), hsize_t(max(columns ?? 1, 1))]
        _ = try call(what) { H5Pset_chunk(properties.id, rank, &chunk) }
        if let compressionLevel {
            _ = try call(what) { H5Pset_deflate(properties.id, UInt32(compressionLevel)) }
        }
        let id = try call(what) {
            H5Dcreate2(self.id, name, T.hdf5Type.fileType, space.id, spinsim_H5P_DEFAULT(), properties.id,
                       spinsim_H5P_DEFAULT())
        }
        return HDF5Dataset(file: file, path: child, id: id)
    }

    /// Creates a fixed-size 1-D dataset holding `values`.
    @discardableResult
    public func createDataset<T: HDF5Element>(_ name: String, values: [T]) throws -> HDF5Dataset {
        let child = childPath(name)
        let what = "cannot create dataset \(child)"
        var size = hsize_t(values.count)
        let space = try handle(what, close: H5Sclose) { H5Screate_simple(1, &size, nil) }
        let id = try call(what) {
            H5Dcreate2(self.id, name, T.hdf5Type.fileType, space.id, spinsim_H5P_DEFAULT(), spinsim_H5P_DEFAULT(),
                       spinsim_H5P_DEFAULT())
        }
        let dataset = HDF5Dataset(file: file, path: child, id: id)
        try dataset.overwrite(values)
        return dataset
    }

    public func openDataset(_ name: String) throws -> HDF5Dataset {
        let child = childPath(name)
        let id = try call("cannot open dataset \(child)") { H5Dopen2(self.id, name, spinsim_H5P_DEFAULT()) }
        return HDF5Dataset(file: file, path: child, id: id)
    }

    /// Names of the group's direct members (groups and datasets), in name order.
    public func memberNames() throws -> [String] {
        let what = "cannot list members of \(path)"
        var info = H5G_info_t()
        _ = try call(what) { H5Gget_info(id, &info) }
        return try (0..<info.nlinks).map { index in
            try readName(what) { buffer, size in
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, buffer, size_t(size), spinsim_H5P_DEFAULT())
            }
        }
    }
}

/// What kind of values a dataset holds.
public enum HDF5ValueClass: String, Sendable {
    case integer, float, string
    /// Compound, enum, array, reference, ...
    case other
}

/// A 1-D or 2-D dataset.
public final class HDF5Dataset: HDF5Object {
    /// Number of elements currently stored (Int.max if more: a damaged file
    /// can declare any size).
    public func count() throws -> Int {
        try shape().reduce(1) { product, size in
            let (result, overflow) = product.multipliedReportingOverflow(by: size)
            return overflow ? Int.max : result
        }
    }

    /// The class of the stored values: a reader that converts them (libhdf5
    /// turns 2.7 into 2 when floats are read as integers) checks it first.
    public func valueClass() throws -> HDF5ValueClass {
        let type = try handle("cannot get the type of dataset \(path)", close: H5Tclose) { H5Dget_type(id) }
        switch H5Tget_class(type.id) {
        case H5T_INTEGER: return .integer
        case H5T_FLOAT: return .float
        case H5T_STRING: return .string
        default: return .other
        }
    }

    /// Size along each dimension.
    public func shape() throws -> [Int] {
        let what = "cannot get the size of dataset \(path)"
        let space = try handle(what, close: H5Sclose) { H5Dget_space(id) }
        let rank = Int(try call(what) { H5Sget_simple_extent_ndims(space.id) })
        var dims = [hsize_t](repeating: 0, count: max(rank, 1))
        _ = try call(what) { H5Sget_simple_extent_dims(space.id, &dims, nil) }
        return dims.prefix(rank).map { Int(clamping: $0) }
    }

    /// Extends the dataset along its first dimension by the rows in `values`
    /// (row-major; for a 2-D dataset `values.count` must be a multiple of the
    /// column count) and writes them there. The dataset must be extendible.
    public func append<T: HDF5Element>(_ values: [T]) throws {
        try values.withUnsafeBufferPointer { try append($0) }
    }

    /// `append` for values held in a raw buffer.
    public func append<T: HDF5Element>(_ values: UnsafeBufferPointer<T>) throws {
        guard !values.isEmpty else { return }
        let what = "cannot append to dataset \(path)"
        let shape = try shape()
        let columns = shape.count == 2 ? shape[1] : 1
        precondition(columns > 0 && values.count % columns == 0, "append needs whole rows")
        var start: [hsize_t] = [hsize_t(shape[0]), 0]
        var added: [hsize_t] = [hsize_t(values.count / columns), hsize_t(columns)]
        var newSize: [hsize_t] = [start[0] + added[0], hsize_t(columns)]
        let rank = Int32(shape.count)
        _ = try call(what) { H5Dset_extent(id, &newSize) }
        let fileSpace = try handle(what, close: H5Sclose) { H5Dget_space(id) }
        _ = try call(what) { H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &added, nil) }
        let memorySpace = try handle(what, close: H5Sclose) { H5Screate_simple(rank, &added, nil) }
        _ = try call(what) {
            H5Dwrite(id, T.hdf5Type.memoryType, memorySpace.id, fileSpace.id, spinsim_H5P_DEFAULT(),
                     UnsafeRawPointer(values.baseAddress))
        }
    }

    /// Shrinks an extendible dataset to its first `rows` rows (resuming a
    /// run discards what was written after the checkpoint).
    public func truncate(rows: Int) throws {
        let shape = try shape()
        guard rows <= shape[0] else {
            throw InputError(input: file.path, "dataset \(path) has \(shape[0]) rows, fewer than the \(rows) expected")
        }
        var newSize = shape.map { hsize_t($0) }
        newSize[0] = hsize_t(rows)
        _ = try call("cannot resize dataset \(path)") { H5Dset_extent(id, &newSize) }
    }

    /// Replaces the whole contents of a fixed-size dataset (same element count).
    public func overwrite<T: HDF5Element>(_ values: [T]) throws {
        guard !values.isEmpty else { return }
        _ = try values.withUnsafeBytes { bytes in
            try call("cannot write dataset \(path)") {
                H5Dwrite(id, T.hdf5Type.memoryType, spinsim_H5S_ALL(), spinsim_H5S_ALL(), spinsim_H5P_DEFAULT(),
                         bytes.baseAddress)
            }
        }
    }

    /// Reads the whole dataset (row-major), converted to `T`, if it holds at
    /// most `limit` elements. A dataset's size is whatever the file declares,
    /// and a chunked dataset of 2^40 unwritten elements takes a few hundred
    /// bytes of file, so every reader states how many elements it can need
    /// and a larger dataset is an error before anything is allocated.
    public func read<T: HDF5Element>(_: T.Type, atMost limit: Int) throws -> [T] {
        let count = try count()
        guard count <= limit else {
            throw InputError(input: file.path, "dataset \(path) holds \(count) elements, more than the \(limit) expected")
        }
        guard count > 0 else { return [] }
        return try [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            _ = try call("cannot read dataset \(path)") {
                H5Dread(id, T.hdf5Type.memoryType, spinsim_H5S_ALL(), spinsim_H5S_ALL(), spinsim_H5P_DEFAULT(),
                        buffer.baseAddress)
            }
            initialized = count
        }
    }
}

extension HDF5Dataset {
    /// Elements `range` of a 1-D dataset (e.g. the first and last spike time,
    /// without reading the ones between).
    public func read<T: HDF5Element>(_: T.Type, elements range: Range<Int>) throws -> [T] {
        let what = "cannot read dataset \(path)"
        guard try shape().count == 1, range.lowerBound >= 0, range.upperBound <= (try count()) else {
            throw InputError(input: file.path, "\(what): elements \(range) out of its bounds")
        }
        guard !range.isEmpty else { return [] }
        let fileSpace = try handle(what, close: H5Sclose) { H5Dget_space(id) }
        var start = hsize_t(range.lowerBound), count = hsize_t(range.count)
        _ = try call(what) { H5Sselect_hyperslab(fileSpace.id, H5S_SELECT_SET, &start, nil, &count, nil) }
        let memorySpace = try handle(what, close: H5Sclose) { H5Screate_simple(1, &count, nil) }
        return try [T](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            _ = try call(what) {
                H5Dread(id, T.hdf5Type.memoryType, memorySpace.id, fileSpace.id, spinsim_H5P_DEFAULT(), buffer.baseAddress)
            }
            initialized = range.count
        }
    }
}

private extension String {
    /// Decodes a C string held in a buffer, up to its first NUL (invalid UTF-8 is repaired).
    init(nulTerminated buffer: [CChar]) {
        self.init(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
