// swift-tools-version:6.0
import PackageDescription

/// One target per claim, under Experiments/<Name>/, in the order `tricks list` and `tricks all` use.
///
/// Adding an experiment: its folder, its name here, and an `import` plus an instance in
/// Sources/Registry/AllExperiments.swift (Swift cannot discover modules or types, so the registry must name
/// each one). Tests/HarnessTests/RegistryTests.swift fails when the folders, this list and the registry's
/// imports and array disagree. The folders are not listed with FileManager here because SwiftPM caches the
/// evaluated manifest by the bytes of this file: a new folder would go unseen until Package.swift changed.
let experiments: [String] = [
  "InitSchemes",
  "SigmoidDepth",
  "LearningRateSchedules",
  "AdamDecay",
  "MSEVersusCrossEntropy",
  "BatchNormVersusLayerNorm",
  "DropoutRates",
  "Optimizers",
  "MomentumValues",
  "BatchSize",
  "LRRangeTest",
  "Activations",
  "BatchNormRescues",
  "InputNormalization",
  "RandomVersusGridSearch",
  "Regularization",
  "SanityChecks",
  "RobustLoss",
]

let package = Package(
  name: "TrainingTricks",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "tricks", targets: ["tricks"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
  ],
  targets: [
    // MARK: - C libraries
    .systemLibrary(name: "CGSL", path: "Sources/CGSL",
                   providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                   providers: [.apt(["libopenblas-dev"])]),
    .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                   providers: [.apt(["zlib1g-dev"])]),

    // MARK: - Core
    .target(name: "Statistics", dependencies: ["CGSL"], exclude: ["README.md"]),
    .target(name: "Datasets", dependencies: ["Statistics", "CZlib"], exclude: ["README.md"]),
    .target(name: "TrainingCore", dependencies: ["Statistics", "Datasets", "COpenBLAS"],
            exclude: ["README.md"]),
    .target(name: "Harness", dependencies: ["TrainingCore", "Statistics", "Datasets"],
            exclude: ["README.md"]),
    .target(name: "_TestSupport", dependencies: ["TrainingCore", "Statistics", "Datasets"]),
    // Counts the calling thread's heap allocations (tests check that a training step makes none).
    .target(name: "_MallocCounter"),
    .target(name: "Registry", dependencies: ["Harness"] + experiments.map { .target(name: $0) }),
    .target(name: "Report", dependencies: ["Harness", "Statistics"], exclude: ["README.md"]),

    // MARK: - CLI
    .executableTarget(
      name: "tricks",
      dependencies: ["Harness", "Registry", "Report", "TrainingCore", "Datasets", "Statistics", "CGSL",
                     .product(name: "ArgumentParser", package: "swift-argument-parser")]),

    // MARK: - Tests
    .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "_TestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "_TestSupport"]),
    .testTarget(name: "TrainingCoreTests", dependencies: ["TrainingCore", "Statistics", "Datasets", "_TestSupport", "_MallocCounter"]),
    .testTarget(name: "HarnessTests", dependencies: ["Harness", "Registry", "TrainingCore", "Datasets", "_TestSupport"]),
    // CLITests runs the built binary as a subprocess; CZlib writes its gzipped data fixtures.
    .testTarget(name: "CLITests", dependencies: ["tricks", "Harness", "TrainingCore", "_TestSupport", "CZlib"]),
    .testTarget(name: "ReportTests", dependencies: ["Report", "Harness", "TrainingCore"]),
  ]
)

// MARK: - Experiments
package.targets += experiments.map {
  .target(name: $0, dependencies: ["Harness", "TrainingCore", "Datasets", "Statistics"], path: "Experiments/\($0)")
}
