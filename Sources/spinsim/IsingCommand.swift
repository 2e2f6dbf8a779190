import ArgumentParser
import Ising

extension GlauberDynamics.Scheme: ExpressibleByArgument {}
extension IsingEPSettings.ReadRule: ExpressibleByArgument {}

/// `spinsim ising ...`: the simulated Ising machine and EP trained on it.
struct IsingCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ising",
        abstract: "Anneal Ising problems and train Equilibrium Propagation on a simulated Ising machine (Laydevant et al. 2024).",
        discussion: """
            Spins evolve by exact continuous-time heat-bath (Glauber) dynamics at an \
            annealed temperature. MNIST is read from --mnist DIR or SPINSIM_MNIST.
            """,
        subcommands: [IsingTrain.self, IsingEvaluate.self, IsingSample.self]
    )
}
