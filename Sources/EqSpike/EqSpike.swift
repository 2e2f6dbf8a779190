// EqSpike: spike-driven Equilibrium Propagation.
//
// What it does. A layered energy-based network (`LayeredEnergyModel`: a clamped
// input layer, hidden layers and an output layer, symmetric weights between
// neighbouring layers) settles to a minimum of its energy and learns by
// Equilibrium Propagation (Scellier and Bengio 2017), with symmetric nudging
// (Laborieux et al. 2021). `SpikingEquilibriumNetwork` settles by exchanging
// only quantised spikes, simulated exactly in continuous time on the event
// kernel's `IndexedMinHeap`, and learns from each nudged-phase spike locally;
// `RateEquilibriumNetwork` is the rate-based reference on the same energy.
// `EqSpikeTrainer` runs minibatches over either, deterministically whatever
// the number of threads (`MinibatchChunks`); it can pause between minibatches
// and continue bit for bit from its `TrainingState`. `EPGradient` holds the
// summed updates, `EqSpikeCounters` what settling cost, `STDPSignature` the
// weight changes binned by spike timing.
//
// Units. Time is counted in neuron time constants: the time constant is 1,
// so a free-phase state inside the box relaxes as ds_j/dt = u_j - s_j. Spike
// times, the signature's delta t and the sampling interval of a recorded
// free phase are all in these units. States, levels, drives and the quantum
// theta are dimensionless, states and levels in [0, 1]; pixels enter as
// x = p / 255. Weights are float32 in memory and in files, so a saved model
// evaluates exactly as it trained.
//
// What it knows nothing about: files and their formats (MNIST's IDX, HDF5
// models, JSON checkpoints live in Formats and SpinSimKit), the command line,
// signals, progress lines and wall-clock time (the trainer is handed a
// `wallSeconds` closure), errors (invalid settings are reported as a
// one-line `problem` for the caller to attribute). It imports only EventCore
// (heap, random streams, the `EventDrivenSystem` protocol) and Dispatch.
