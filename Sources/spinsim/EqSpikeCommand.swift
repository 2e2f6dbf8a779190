import ArgumentParser
import EqSpike
import Foundation
import SpinSimKit
import Diagnostics

/// `spinsim eqspike ...`: spike-driven Equilibrium Propagation on MNIST.
struct EqSpikeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eqspike",
        abstract: "Train and evaluate EqSpike networks (spike-driven Equilibrium Propagation) on MNIST.",
        discussion: """
            MNIST is read from --mnist DIR or the SPINSIM_MNIST environment variable \
            (gzipped or raw IDX, standard file names); a 1,000/500-image subset ships \
            in datasets/mnist-small.
            """,
        subcommands: [EqSpikeTrain.self, EqSpikeResume.self, EqSpikeEvaluate.self, EqSpikeSignature.self]
    )
}

/// The MNIST directory from the option or SPINSIM_MNIST.
func mnistDirectory(_ option: String?) throws -> String {
    if let option { return option }
    if let variable = ProcessInfo.processInfo.environment["SPINSIM_MNIST"], !variable.isEmpty { return variable }
    throw InputError("no MNIST directory: pass --mnist DIR or set SPINSIM_MNIST (a small subset ships in datasets/mnist-small)")
}

/// Loads one MNIST split, turning reader errors into one-line command errors.
func loadMNIST(_ directory: String, _ split: MNISTDirectory.Split, limit: Int?) throws -> LabelledImages {
    do {
        let images = try MNISTDirectory.load(directory: directory, split: split)
        return limit.map { images.prefix($0) } ?? images
    } catch let error as InputError {
        throw InputError(error.description)
    }
}

/// Reads a model file, turning reader errors into one-line command errors.
func loadEqSpikeModel(_ path: String) throws -> EqSpikeModelFile {
    do {
        return try EqSpikeModelFile.read(path: path)
    } catch let error as InputError {
        throw InputError(error.description)
    }
}

