// Ising: binary spins as a simulated physical system, and Equilibrium
// Propagation trained on it (Laydevant et al., Nat. Commun. 15, 2024).
//
// What it does. `IsingProblem` holds an energy over spins s_i in {-1, +1},
//     E(s) = - sum_{i<j} J_ij s_i s_j - sum_i h_i s_i,
// with sparse symmetric couplings. `GlauberDynamics` evolves it in continuous
// time under heat-bath (Glauber) dynamics at a time-dependent temperature
// (`TemperatureSchedule`: annealing, reverse annealing with a pause), exactly:
// no time step, no sweep order. `IsingSampler` runs several independent reads
// and keeps their final states and energies. `IsingNetwork` is the layered
// network of the paper (pixels as fields of hidden spins, hidden-output
// couplings, four output spins per class) and `IsingTrainer` trains it by
// Equilibrium Propagation: a free phase by annealing, a nudged phase by
// reverse annealing from the free sample, updates from the two samples'
// correlations.
//
// Units. Energies, fields and couplings are dimensionless; the temperature is
// in the same units (Boltzmann's constant is 1). Time is counted in attempt
// periods: each spin attempts a heat-bath update at rate `attemptRate` (1 by
// default), so one unit of time is one sweep on average.
//
// Determinism. Every read draws from its own random stream named by what it
// serves (`StreamKey`: seed, epoch, example, read, phase), so results do not
// depend on the number of threads or on the order reads run in.
//
// What it knows nothing about: files, the command line, progress lines.
