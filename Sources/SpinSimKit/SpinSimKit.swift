// SpinSimKit: SpinSim's runs as values, everything a command does besides
// parsing its options, so that each is tested in-process.
//
// - `NetworkRun/`: network files (parsed through the models' schemas),
//   `NetworkRun` (build, trace, state sampling, flushing, checkpoints,
//   signals, progress, summary), `Checkpoint` and resume, trace inspection,
//   the model catalogue of `spinsim models`.
// - `Synchrony/`: the Cheddar task's classification and training runs, their
//   CSV, detector and trace files.
// - `EqSpikeTraining/`: EqSpike training, resume and evaluation runs, their
//   checkpoints, model files and the MNIST directory.
// - `Common/`: progress, provenance, signals, formatting shared by all runs.
//
// Errors are `Diagnostics.InputError`: one line naming the input. Outputs go
// through Formats' `OutputPolicy` and `AtomicOutput` (or, for streamed
// traces, periodic flushes and a `completed` attribute).
//
// What it knows nothing about: the command line (options arrive as values)
// and terminals (progress goes to stderr only when asked).
