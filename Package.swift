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
                "EventCore", "SpikeNeurons", "CHDF5",
            ]
        ),
        .executableTarget(
            name: "spinsim",
            dependencies: [
                "EventCore", "SpikeNeurons", "IO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // Only for `spinsim bench queue`, which measures our queue against its Heap.
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .testTarget(name: "EventCoreTests", dependencies: ["EventCore"]),
        .testTarget(name: "SpikeNeuronsTests", dependencies: ["SpikeNeurons"]),
        .testTarget(name: "IOTests", dependencies: ["IO"]),
        .testTarget(name: "spinsimTests", dependencies: ["spinsim", "IO"]),
    ]
)
