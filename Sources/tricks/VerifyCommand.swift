import ArgumentParser
import Datasets
import Foundation
import Harness
import Registry
import Report
import TrainingCore

/// `tricks verify`: checks that this code produced a results folder, without rerunning all of it. The
/// sampling and comparisons are `Verification`'s; this file words them.
struct VerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Check that this code produced a results folder: re-train a sample of its cells and rebuild its tables, comparing bytes.",
    discussion: """
      Re-trains --sample committed cells, chosen at random by --seed but spread over the experiments (every \
      experiment gets one before any gets two), each exactly as `tricks run` trains it (tuning runs at their \
      candidate value, evaluation cells at the value their experiment's tuning records select), and compares \
      the new record with the committed one byte for byte. Then rebuilds every table from the committed cells \
      in a temporary folder and compares them with the committed tables. Prints one line per mismatch (at most \
      \(linesPerFile) per cell or file, then how many more) and a summary; exits with 1 on any mismatch. Nothing \
      is written into --out.

      \(limits.joined(separator: "\n"))
      """)

  /// What a pass does and does not show; printed by --help and by every run.
  static let limits = [
    "Limits:",
    "- Cells are re-trained with this build's OpenBLAS and the kernel it picks for this CPU (both printed), one "
      + "thread per cell, as `tricks run` does. Another kernel or build sums in another order, which can change "
      + "the last bits of floats (and training can grow them). A field whose values agree within a relative "
      + "\(RecordComparison.lastBitsTolerance) is reported as \"differs in the last bits: possibly another "
      + "OpenBLAS kernel\"; it still counts as a mismatch. Each committed cell records its kernel (provenance).",
    "- Compared in a cell: everything it measured (curves, finals, probes, status, selected epoch); not its CPU "
      + "seconds, samples per second or provenance.",
    "- Compared in the tables: every byte, except manifest.json's "
      + Verification.manifestFieldsNotCompared.joined(separator: " and ")
      + ", which change whenever tables are rebuilt.",
    "- A sample checks only the cells it re-trains; the tables are checked against all committed cells.",
  ]

  @Option(parsing: .unconditional, help: "Committed cells to re-train (0: check only the tables against the cells).")
  var sample: Int = 20

  @Option(parsing: .unconditional, help: "Seed of the sample: the same seed and results pick the same cells.")
  var seed: Int = 0

  @Option(help: "Results folder to check (read, never written).")
  var out: String = "results"

  @Option(help: "Folder holding the four Fashion-MNIST *-ubyte.gz files (default: $TRICKS_DATA, else \(FashionMNIST.defaultDirectory)).")
  var data: String?

  @Option(parsing: .unconditional, help: "Cells re-trained at once; each uses a single-threaded BLAS. Default: the number of cores.")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  /// Most lines printed per cell or file; the rest are counted on one line.
  static let linesPerFile = 10

  func validate() throws {
    guard sample >= 0 else { throw ValidationError("--sample must be 0 or more, got \(sample)") }
    guard seed >= 0 else { throw ValidationError("--seed must be 0 or more, got \(seed)") }
    guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
    guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
  }

  func run() throws {
    let experiments = allExperiments.filter { FileManager.default.fileExists(atPath: "\(out)/\($0.id)/cells") }
    guard !experiments.isEmpty else {
      throw ValidationError("--out: \(out) holds no results (no <experiment>/cells folder); name the results folder to check")
    }
    let plans = try experiments.map { experiment in
      do { return try Verification.committedPlan(experiment, in: out) } catch let error as ResultsFolderError {
        throw FlagWordedError(description: "\(error)")
      }
    }
    BLAS.setThreads(1)
    print("tricks verify: \(out), \(experiments.count) experiment\(experiments.count == 1 ? "" : "s")")
    print("build: tricks \(ResultsVersion.tricks), commit \(Provenance.gitCommit), \(Provenance.swiftVersion)")
    print("BLAS: \(BLAS.summary)")
    Self.limits.forEach { print($0) }
    var tally = Tally()
    if sample > 0 { try checkCells(plans, &tally) }
    try checkTables(plans, &tally)
    print(tally.summary(sampled: sample > 0))
    if tally.mismatches > 0 { throw ExitCode(1) }
  }
}
