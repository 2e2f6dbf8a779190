// Formats: the file formats SpinSim reads and writes, and how it writes them.
//
// - `HDF5/`: a thin, safe layer over the system libhdf5 (groups, chunked
//   extendible datasets, attributes; every failure an `InputError` naming the
//   file and the operation).
// - `SONATA/`: spike reports and state reports in the layout h5py, libsonata
//   and BMTK read without SpinSim (`TraceWriter`, `StateReport`), the trace's
//   provenance attributes (`TraceAttribute`) and reading a trace back
//   (`TraceSummary`).
// - `Config/`: TOML (own parser: the fuzzed toml++ binding aborted) and JSON
//   into one `ConfigValue` tree, and `TableReader`, which reads typed fields
//   and quantities with units and names the exact field in every error.
// - `IDX/`: MNIST's IDX arrays, gzipped or raw (system zlib).
// - `Vowels/`: the Hillenbrand et al. (1995) vowel table (`VowelDatabase`,
//   `VowelToken`: formants per token, unmeasurable values as nil).
// - `Files/`: `OutputPolicy` (the one rule for what may be replaced),
//   `AtomicOutput` (the one temporary-fsync-rename writer) and `JSONFile`.
//
// What it knows nothing about: every domain module. It writes arrays,
// attributes and groups the kit hands it; it imports only Units,
// Diagnostics and the C libraries.
