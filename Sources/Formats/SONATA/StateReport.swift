import Diagnostics

/// Samples of one state variable, streamed into a SONATA report: one row of
/// `columns` values per sampling time, buffered up to a chunk.
public final class StateReport {
    private let data: HDF5Dataset
    private let time: HDF5Dataset
    private let columns: Int
    /// Time of row 0 and sampling interval (ms).
    public let start: Double
    public let step: Double
    private let chunkRows: Int
    private var buffer: [Float] = []
    /// Rows written to the file so far.
    public private(set) var writtenRows: Int

    /// Rows appended so far, written or still buffered.
    public var rowCount: Int { writtenRows + buffer.count / max(columns, 1) }

    init(data: HDF5Dataset, time: HDF5Dataset, columns: Int, start: Double, step: Double, chunkRows: Int,
         writtenRows: Int = 0) {
        self.writtenRows = writtenRows
        self.data = data
        self.time = time
        self.columns = columns
        self.start = start
        self.step = step
        self.chunkRows = chunkRows
        buffer.reserveCapacity(chunkRows * columns)
    }

    /// Creates the SONATA report group `name` in `parent`: `data` (float32,
    /// time x nodes, attributes `units`, `variable`) and `mapping/{node_ids,
    /// index_pointers, element_ids, time}` with `time` = [start, stop, step]
    /// in `timeUnits`. This is the only place a SONATA report is laid out.
    /// The pointers are written twice: `index_pointers` is the SONATA
    /// specification's name (libsonata reads it), `index_pointer` the one
    /// BMTK's report reader and writer use.
    public static func create(
        in parent: HDF5Group, name: String, variable: String, units: String, nodes: [UInt64], start: Double,
        step: Double, timeUnits: String, chunkRows: Int = 1024
    ) throws -> StateReport {
        let group = try parent.createGroup(name)
        let data = try group.createExtendibleDataset("data", of: Float.self, chunkSize: chunkRows, columns: nodes.count)
        try data.setAttribute("units", string: units)
        try data.setAttribute("variable", string: variable)
        let mapping = try group.createGroup("mapping")
        try mapping.createDataset("node_ids", values: nodes)
        let pointers = (0...nodes.count).map { UInt64($0) }
        try mapping.createDataset("index_pointers", values: pointers)
        try mapping.createDataset("index_pointer", values: pointers)
        try mapping.createDataset("element_ids", values: [UInt32](repeating: 0, count: nodes.count))
        let time = try mapping.createDataset("time", values: [start, start, step])
        try time.setAttribute("units", string: timeUnits)
        return StateReport(data: data, time: time, columns: nodes.count, start: start, step: step, chunkRows: chunkRows)
    }

    /// Adds the row for the next sampling time.
    public func append(_ row: [Float]) throws {
        precondition(row.count == columns, "a row needs one value per recorded node")
        buffer += row
        if buffer.count >= chunkRows * columns { try write() }
    }

    /// Writes buffered rows and updates `mapping/time` = [start, stop, step]
    /// so that (stop - start) / step equals the number of rows on disk.
    public func write() throws {
        guard !buffer.isEmpty else { return }
        try data.append(buffer)
        writtenRows += buffer.count / max(columns, 1)
        buffer.removeAll(keepingCapacity: true)
        try time.overwrite([start, start + Double(writtenRows) * step, step])
    }
}
