// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "SpinSim",
    products: [
        .executable(name: "spinsim", targets: ["spinsim"]),
        .library(name: "EventCore", targets: ["EventCore"]),
        .library(name: "SpikeNeurons", targets: ["SpikeNeurons"]),
        .library(name: "IO", targets: ["IO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    ],
    targets: [
        // The discrete-event kernel: knows clocks, queues and random numbers, never neurons.
        .target(name: "EventCore"),
        // Models that advance exactly between events, networks built from a description.
        .target(name: "SpikeNeurons", dependencies: ["EventCore"]),
        // Spike-driven Equilibrium Propagation (EqSpike) and its rate-based reference.
        .target(name: "EqSpike", dependencies: ["EventCore"]),
        // The system zlib (Debian: zlib1g-dev), for gzipped IDX files.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libhdf5 through pkg-config (Debian: libhdf5-dev).
        .systemLibrary(
            name: "CHDF5",
            pkgConfig: "hdf5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        // Files: HDF5 traces, network description files.
        .target(
            name: "IO",
            dependencies: [
                "EventCore", "SpikeNeurons", "CHDF5", "CZlib", "EqSpike",
            ]
        ),
        .executableTarget(
            name: "spinsim",
            dependencies: [
                "EventCore", "SpikeNeurons", "IO", "EqSpike",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Only for `spinsim bench queue`, which measures our queue against its Heap.
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .testTarget(name: "EventCoreTests", dependencies: ["EventCore"]),
        .testTarget(name: "SpikeNeuronsTests", dependencies: ["SpikeNeurons"]),
        .testTarget(name: "IOTests", dependencies: ["IO"]),
        .testTarget(name: "spinsimTests", dependencies: ["spinsim", "IO"]),
        .testTarget(name: "EqSpikeTests", dependencies: ["EqSpike", "IO", "spinsim"]),
    ]
)
