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
// the number of threads (`MinibatchChunks`), and can pause between minibatches
// and continue bit for bit (`PartialEpoch`). `EPGradient` holds the summed
// updates, `EqSpikeCounters` what settling cost, `STDPSignature` the weight
// changes binned by spike timing.
//
// Units. Time is dimensionless: it is counted in neuron time constants
// (tau = 1, ds/dt = tau_j - s_j in the free phase), in spike times, the
// signature's delta t and the sampling interval of a recorded free phase.
// States, levels and the quantum theta are dimensionless numbers in [0, 1];
// pixels enter as x = p / 255.
//
// What it knows nothing about: files and their formats (MNIST's IDX, HDF5
// models, JSON checkpoints live in Formats and SpinSimKit), the command line,
// signals, progress lines and wall-clock time (the trainer is handed a
// `wallSeconds` closure). It imports only EventCore (heap, random streams,
// the `EventDrivenSystem` protocol) and Diagnostics.
