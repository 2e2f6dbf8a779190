// EventCore: the discrete-event kernel. A `Simulation` asks an
// `EventDrivenSystem` for the time of its next event and processes it, with
// periodic tasks (sampling, flushing, checkpoints, progress) computed from a
// run count so they never drift and cost one comparison per event.
//
// What it holds: the loop (`Kernel/`); the queues a system picks by
// measurement (`Queues/`: a 4-ary `EventQueue`, an `IndexedMinHeap` whose
// keys change in place, FIFO `DelayLine`s for spikes that share a delay);
// CSR connection tables (`FanOutTable`, 32-bit targets and offsets);
// xoshiro256** random streams named by what they serve (`Random/`,
// `StreamKey`); spike sinks (`Recording/`); and the seam spikes cross between
// the parts of a partitioned model (`Exchange/`, `SpikeExchange`).
//
// Units: time is a `Double` in the unit of the model family that uses the
// kernel (ms for neurons, µs for oscillators, neuron time constants for
// EqSpike); counters and ids are 64-bit.
//
// What it knows nothing about: neurons, oscillators, files. Nothing here
// allocates per event once the queues have grown to their peak size.
// It imports Foundation only for the in-process exchange's condition variable.
