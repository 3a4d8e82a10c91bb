import ArgumentParser
import Datasets
import Foundation
import Statistics
import TrainingCore

/// `tricks bench`: training throughput of a few fixed networks against the machine's measured GEMM peak.
///
/// Napkin math (llm.c style): a training step of a dense net costs about 3x its forward FLOPs (forward,
/// dX and dW products; the first layer skips dX), so samples/s x FLOPs per sample / sgemm peak says how
/// close the whole loop (GEMMs, element-wise passes, data gathering, optimizer) comes to the GEMM limit.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Measure training samples/s and GFLOP/s against a measured sgemm peak (release builds only).")

  @Option(help: "Timed epochs per configuration, after one warm-up epoch.")
  var epochs: Int = 3

  @Option(help: "Thread counts to measure, comma-separated.")
  var threads: String = "1,2"

  @Option(help: "Only the networks whose name contains this text.")
  var only: String?

  @Flag(help: "With several threads, let OpenBLAS thread each GEMM instead of splitting each batch across two cores (data parallel).")
  var blasThreading = false

  @Flag(help: "Print one JSON object instead of a table.")
  var json = false

  @Flag(help: "Measure even in a debug build (numbers are then meaningless).")
  var allowDebugBuild = false

  @Option(help: "Folder holding the Fashion-MNIST files (default: $TRICKS_DATA, else \(FashionMNIST.defaultDirectory)).")
  var data: String?

  func threadCounts() throws -> [Int] {
    try threads.split(separator: ",").map {
      guard let n = Int($0), (1...256).contains(n) else {
        throw ValidationError("--threads: '\($0)' is not a thread count from 1 to 256")
      }
      return n
    }
  }

  func validate() throws {
    guard (1...100).contains(epochs) else { throw ValidationError("--epochs must be between 1 and 100, got \(epochs)") }
    _ = try threadCounts()
    #if DEBUG
    if !allowDebugBuild {
      throw ValidationError("refusing to benchmark a debug build: run `swift build -c release` and use .build/release/tricks (or pass --allow-debug-build)")
    }
    #endif
  }

  struct Network {
    let name: String
    let spec: NetworkSpec
  }

  static let networks: [Network] = [
    Network(name: "mlp-256x2-relu", spec: NetworkSpec(hidden: [256, 256], activation: .relu, initializer: .heNormal)),
    Network(name: "deep-256x10-sigmoid", spec: NetworkSpec(hidden: Array(repeating: 256, count: 10), activation: .sigmoid, initializer: .glorotUniform)),
    Network(name: "wide-1024x2-relu", spec: NetworkSpec(hidden: [1024, 1024], activation: .relu, initializer: .heNormal)),
    Network(name: "mlp-256x2-relu-batchnorm", spec: NetworkSpec(hidden: [256, 256], activation: .relu, initializer: .heNormal, normalization: .batchNorm)),
    Network(name: "mlp-256x2-relu-dropout0.5", spec: NetworkSpec(hidden: [256, 256], activation: .relu, initializer: .heNormal, dropout: 0.5)),
    // `tricks train --conv 16,32 --hidden 128`: issue 19's CNN, compared with PyTorch in docs/performance.md.
    Network(name: "cnn-16-32-128-relu", spec: NetworkSpec(hidden: [128], activation: .relu, initializer: .heNormal,
                                                          convolution: .standard([16, 32]))),
  ]

  struct Row: Codable {
    var network: String
    var threads: Int
    var samplesPerSecondMedian: Double
    var samplesPerSecondMin: Double
    var samplesPerSecondMax: Double
    /// Training samples per second of the process's CPU time (all its threads), median over the timed
    /// epochs: on a shared, loaded machine a steadier figure than wall time, and the one docs/performance.md
    /// compares with PyTorch.
    var samplesPerCPUSecondMedian: Double
    var gflopsPerSecond: Double
    var sgemmPeakGflops: Double
    var fractionOfPeak: Double
    /// samples/s of the fastest 10% of the timed epochs' 20-step chunks (the 90th percentile of chunk
    /// throughput): on a shared machine, what the loop does while no other tenant slows it down. The
    /// epoch medians above include every interference; this column does not, and says so by its name.
    var samplesPerSecondQuietChunks: Double
    /// With two or more threads, the fastest and slowest core-to-core round trip (`CoreRoundTrip`, ns)
    /// measured before each timed epoch and after the last: whether the run had its cores near each other.
    var coreRoundTripNanosecondsMin: Double?
    var coreRoundTripNanosecondsMax: Double?
  }

  /// sgemm GFLOP/s on square matrices of size n, best of a few repetitions.
  static func sgemmPeak(size n: Int = 2048, repetitions: Int = 5) -> Double {
    let a = Matrix<Float>(rows: n, columns: n), b = Matrix<Float>(rows: n, columns: n), c = Matrix<Float>(rows: n, columns: n)
    a.fill(0.5)
    b.fill(0.25)
    gemm(a, b, into: c)  // warm-up
    var best = 0.0
    for _ in 0..<repetitions {
      let started = ContinuousClock.now
      gemm(a, b, into: c)
      let seconds = (ContinuousClock.now - started) / .seconds(1)
      best = max(best, 2 * Double(n) * Double(n) * Double(n) / seconds / 1e9)
    }
    return best
  }

  /// CPU seconds the process has used so far, all threads (`CLOCK_PROCESS_CPUTIME_ID`).
  static func processCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// Training FLOPs per sample: forward, dW, and dX except for the first layer.
  static func trainingFLOPs(_ spec: NetworkSpec) -> Double {
    spec.trainingFLOPsPerExample
  }

  func run() throws {
    let loaded = try FashionMNIST.load(directory: FashionMNIST.directory(override: data))
    if !json {
      print("BLAS: \(BLAS.configuration) (core \(BLAS.coreName))")
      print("batch 128, SGD momentum 0.9, one full Fashion-MNIST epoch (60,000 samples) per measurement; \(epochs) timed epochs after 1 warm-up")
      print("per CPU s: samples per second of the process's CPU time (all threads), median epoch; steadier than wall time on a loaded machine")
      print("quiet samples/s: the fastest 10% of 20-step chunks, i.e. the loop while no other process slows it down")
      print("core round trip: a cache line from one thread's core to the other's and back, before each timed epoch and after")
      print("  the last (2+ threads); a high value means the cores share no cache (on this project's VM: ~70 ns near, ~340 apart)")
      print("network                     threads  samples/s (median [min, max])  per CPU s   GFLOP/s  sgemm peak  fraction  quiet samples/s  core round trip ns")
    }
    var rows: [Row] = []
    for threadCount in try threadCounts() {
      BLAS.setThreads(threadCount)
      let peak = Self.sgemmPeak()
      for network in Self.networks where only.map({ network.name.contains($0) }) ?? true {
        BLAS.setThreads(threadCount)  // a data-parallel trainer sets OpenBLAS to one thread for the process
        let configuration = RunConfiguration(network: network.spec, optimizer: .momentum(0.9, nesterov: false),
                                             schedule: .fixed(Fixed(base: 0.01)), batchSize: 128, epochs: 1)
        let trainer = try Trainer(configuration: configuration, train: loaded.train, test: loaded.test,
                                  streams: RunStreams(experiment: "bench", arm: network.name, seed: 0),
                                  threads: threadCount, dataParallel: !blasThreading)
        var step = 0
        _ = trainer.trainEpoch(epoch: 0, globalStep: &step)  // warm-up
        var rates: [Double] = [], cpuRates: [Double] = [], chunkRates: [Double] = [], roundTrips: [Double] = []
        let chunkSamples = Double(Trainer.progressInterval * configuration.batchSize)
        // Where the threads' cores sit can change during a run: probe before each timed epoch and after the last.
        func probePlacement() { if threadCount >= 2 { roundTrips.append(CoreRoundTrip.nanoseconds()) } }
        for epoch in 1...epochs {
          probePlacement()
          let started = ContinuousClock.now, cpuStarted = Self.processCPUSeconds()
          // `trainEpoch` reports every `Trainer.progressInterval` steps: the time between two reports.
          var lastReport: ContinuousClock.Instant?
          let pass = trainer.trainEpoch(epoch: epoch, globalStep: &step) { _, _, _ in
            let now = ContinuousClock.now
            if let lastReport { chunkRates.append(chunkSamples / ((now - lastReport) / .seconds(1))) }
            lastReport = now
          }
          let seconds = (ContinuousClock.now - started) / .seconds(1)
          rates.append(Double(pass.steps * configuration.batchSize) / seconds)
          cpuRates.append(Double(pass.steps * configuration.batchSize) / (Self.processCPUSeconds() - cpuStarted))
        }
        probePlacement()
        let summary = Summary(rates)
        let gflops = summary.median * Self.trainingFLOPs(network.spec) / 1e9
        let row = Row(network: network.name, threads: threadCount, samplesPerSecondMedian: summary.median,
                      samplesPerSecondMin: summary.minimum, samplesPerSecondMax: summary.maximum,
                      samplesPerCPUSecondMedian: Summary(cpuRates).median,
                      gflopsPerSecond: gflops, sgemmPeakGflops: peak, fractionOfPeak: gflops / peak,
                      samplesPerSecondQuietChunks: chunkRates.isEmpty ? 0 : quantile(chunkRates, 0.9),
                      coreRoundTripNanosecondsMin: roundTrips.min(), coreRoundTripNanosecondsMax: roundTrips.max())
        rows.append(row)
        if !json {
          print(network.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%7d  %9.0f [%7.0f, %7.0f]  %9.0f   %7.1f  %10.1f  %8.2f  %12.0f",
                       threadCount, row.samplesPerSecondMedian, row.samplesPerSecondMin,
                       row.samplesPerSecondMax, row.samplesPerCPUSecondMedian, row.gflopsPerSecond, row.sgemmPeakGflops, row.fractionOfPeak,
                       row.samplesPerSecondQuietChunks)
                + (row.coreRoundTripNanosecondsMin.map { min in
                     String(format: "  %8.0f–%.0f", min, row.coreRoundTripNanosecondsMax ?? min)
                   } ?? "         -"))
        }
      }
    }
    if json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      struct Output: Codable { var blas: String; var core: String; var rows: [Row] }
      print(String(decoding: try encoder.encode(Output(blas: BLAS.configuration, core: BLAS.coreName, rows: rows)), as: UTF8.self))
    }
  }
}
