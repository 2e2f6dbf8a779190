// swift-tools-version: 6.0
import PackageDescription

// Layers (imports point down only; `scripts/check-imports` enforces it in CI):
//   spinsim, spinsim-bench        executables: thin commands
//   SpinSimKit                    runs as values, their files, checkpoints, progress
//   SynchronyTask, EqSpike,       tasks over the models
//   Reservoir
//   SpikeNeurons                  network models (its `stno` and `ising` nodes use Oscillators' and Ising's physics)
//   Oscillators, Ising            the spin-torque device and phase oscillators, spectra; binary spins
//                                 under Glauber dynamics and Equilibrium Propagation on them
//   Formats                       HDF5/SONATA, TOML/JSON, IDX, atomic files: no domain
//   EventCore                     the kernel: no neuron
//   Units, Diagnostics            dimensions and the one error vocabulary: import nothing
let package = Package(
    name: "SpinSim",
    products: [
        .executable(name: "spinsim", targets: ["spinsim"]),
        .executable(name: "spinsim-bench", targets: ["spinsim-bench"]),
        .library(name: "SpinSimKit", targets: ["SpinSimKit"]),
        .library(name: "EventCore", targets: ["EventCore"]),
        .library(name: "SpikeNeurons", targets: ["SpikeNeurons"]),
        .library(name: "Formats", targets: ["Formats"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        .target(name: "Units"),
        .target(name: "Diagnostics"),
        .target(name: "EventCore"),
        .target(name: "SpikeNeurons", dependencies: ["Oscillators", "Ising", "EventCore", "Units", "Diagnostics"]),
        // The system FFTW 3 (Debian: libfftw3-dev), for spectra of device outputs.
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .target(name: "Oscillators", dependencies: ["CFFTW", "EventCore", "Diagnostics"]),
        .target(name: "SynchronyTask", dependencies: ["Oscillators", "EventCore", "Diagnostics"]),
        .target(name: "EqSpike", dependencies: ["EventCore", "Diagnostics"]),
        .target(name: "Reservoir", dependencies: ["Oscillators", "EventCore", "Diagnostics"]),
        .target(name: "Ising", dependencies: ["EventCore"]),
        // The system zlib (Debian: zlib1g-dev), for gzipped IDX files.
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // libhdf5 through pkg-config (Debian: libhdf5-dev).
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        // libsndfile (Debian: libsndfile1-dev), for WAV recordings.
        .systemLibrary(name: "CSndfile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .target(name: "Formats", dependencies: ["CHDF5", "CZlib", "CSndfile", "Units", "Diagnostics"]),
        .target(
            name: "SpinSimKit",
            dependencies: [
                "Formats", "SpikeNeurons", "Oscillators", "SynchronyTask", "EqSpike", "Reservoir", "Ising", "EventCore",
                "Units", "Diagnostics",
            ]
        ),
        .executableTarget(
            name: "spinsim",
            dependencies: [
                "SpinSimKit", "SpikeNeurons", "SynchronyTask", "EqSpike", "Reservoir", "Ising", "Units", "Diagnostics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "spinsim-bench",
            dependencies: [
                "SpinSimKit", "SpikeNeurons", "EventCore", "Ising", "Formats", "Diagnostics",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Only here: `spinsim-bench queue` measures our queue against its Heap.
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .target(name: "TestSupport", dependencies: ["EqSpike", "EventCore"], path: "Tests/TestSupport"),
        .testTarget(name: "EventCoreTests", dependencies: ["EventCore"]),
        .testTarget(name: "SpikeNeuronsTests", dependencies: ["SpikeNeurons", "Oscillators", "Ising", "EventCore", "Units", "Diagnostics"]),
        .testTarget(name: "OscillatorsTests", dependencies: ["Oscillators", "EventCore", "Diagnostics"]),
        .testTarget(name: "SynchronyTaskTests", dependencies: ["SynchronyTask", "Oscillators", "Diagnostics"]),
        .testTarget(name: "EqSpikeTests", dependencies: ["EqSpike", "EventCore", "TestSupport"]),
        .testTarget(name: "IsingTests", dependencies: ["Ising", "EventCore"]),
        .testTarget(name: "ReservoirTests", dependencies: ["Reservoir", "Oscillators", "EventCore", "Diagnostics"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "CZlib", "Diagnostics"]),
        .testTarget(name: "SpinSimKitTests", dependencies: ["SpinSimKit", "Formats", "Oscillators", "SynchronyTask", "EqSpike", "SpikeNeurons", "EventCore", "Diagnostics", "CZlib", "TestSupport"]),
        .testTarget(name: "spinsimTests", dependencies: ["spinsim", "spinsim-bench", "SpinSimKit", "Formats", "Oscillators", "SynchronyTask", "EqSpike", "SpikeNeurons", "EventCore", "Diagnostics", "CZlib", "TestSupport"]),
    ]
)
