import ArgumentParser
import Ising
import SpinSimKit

struct IsingTrain: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the 784-120-40 Ising network by Equilibrium Propagation on class-balanced MNIST subsets.",
        discussion: """
            Per example (batch 1): --reads anneals of the free problem; for each read whose \
            output is not already the target, a reverse anneal of the nudged problem from it; \
            updates from the two samples' correlations. Prints one line per epoch and rewrites \
            --save after each. With --checkpoint, `--resume CHECKPOINT` continues bit for bit; \
            SIGINT or SIGTERM stops after the current example. Results do not depend on --threads.
            """
    )

    @Option(help: "MNIST directory (default: $SPINSIM_MNIST).")
    var mnist: String?
    @Option(help: "Training images: the first N/10 of each class (the paper's 1000).")
    var trainLimit = 1000
    @Option(help: "Test images scored after each epoch: the first N/10 of each class (0: none).")
    var testLimit = 100
    @Option(help: "Epochs (default: 50; with --resume, the checkpoint's unless given).")
    var epochs: Int?
    @Option(help: "Hidden spins.")
    var hidden = 120
    @Option(help: "Reads per example and phase.")
    var reads = 10
    @Option(help: "How reads combine: average (all reads) or lowestEnergy (the paper's code).")
    var readRule = IsingEPSettings.ReadRule.average
    @Option(help: "Temperature steps of the free anneal (one sweep each).")
    var steps = 100
    @Option(help: "Nudging strength beta on the output fields.")
    var beta = 5.0
    @Option(help: "Fraction of the anneal the reverse anneal goes back to.")
    var turningFraction = 0.25
    @Option(help: "Steps the reverse anneal pauses at its turning point.")
    var pause = 0
    @Option(help: "Learning rate of couplings and pixel weights.")
    var learningRate = 0.01
    @Option(help: "Learning rate of the biases.")
    var biasLearningRate = 0.001
    @Option(help: "Glauber scheme: attemptClock or flipQueue (same process; see `spinsim-bench ising`).")
    var scheme = GlauberDynamics.Scheme.attemptClock
    @Option(help: "Seed (initial weights, example order, every read).")
    var seed: UInt64 = 1
    @Option(help: "Worker threads (results are identical).")
    var threads = 2
    @Option(help: "Write the model to this HDF5 file.")
    var save: String?
    @Option(help: "Write a JSON checkpoint here after every epoch (and every --checkpoint-every examples).")
    var checkpoint: String?
    @Option(help: "Examples between checkpoints.")
    var checkpointEvery: Int?
    @Option(help: "Continue the run of this checkpoint (other options but --epochs and --threads are the checkpoint's).")
    var resume: String?
    @Flag(help: "Replace --save and --checkpoint if they exist.")
    var force = false
    @OptionGroup var progress: ProgressOptions

    func run() throws {
        let run: IsingTrainingRun
        if let resume {
            run = try IsingTrainingRun(resuming: resume, epochs: epochs, threads: threads,
                                       showsProgress: progress.showsProgress)
        } else {
            guard let save else { throw ValidationError("--save is required (or --resume)") }
            var settings = IsingEPSettings()
            settings.epochs = epochs ?? 50
            settings.reads = reads
            settings.readRule = readRule
            settings.annealSteps = steps
            settings.nudgingStrength = beta
            settings.turningFraction = turningFraction
            settings.pauseSteps = pause
            (settings.couplingRate, settings.inputWeightRate) = (learningRate, learningRate)
            (settings.hiddenBiasRate, settings.outputBiasRate) = (biasLearningRate, biasLearningRate)
            settings.scheme = scheme
            let options = IsingTrainingOptions(mnistDirectory: try MNISTDirectory.resolve(mnist), trainLimit: trainLimit,
                                               testLimit: testLimit, threads: threads, savePath: save,
                                               checkpointPath: checkpoint, checkpointEvery: checkpointEvery)
            run = try IsingTrainingRun(options: options, settings: settings, seed: seed, hidden: hidden, replacing: force,
                                       showsProgress: progress.showsProgress)
        }
        try run.execute()
    }
}
