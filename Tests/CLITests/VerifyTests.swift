import Foundation
import Harness
import Testing

extension CLITests {
  /// `tricks verify` on copies of the shared quick run (`SharedRun`): it passes on untouched results,
  /// catches a tampered cell and a tampered table with exit status 1, and with `--sample 0` checks only
  /// the tables. Each test works on its own copy; none may change a byte of it.
  @Suite struct VerifyTests {
    /// A copy of the shared results in a fresh folder, and the folder.
    static func copy(_ prefix: String) throws -> (folder: TemporaryFolder, results: String, shared: SharedRun) {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: prefix)
      let results = folder.path + "/results"
      try copyFolder(shared.results, to: results)
      return (folder, results, shared)
    }

    static func verify(_ results: String, data: String, _ extra: [String], in folder: String) throws -> Outcome {
      try runTricks(["verify", "--out", results, "--data", data, "--jobs", "1"] + extra, in: folder)
    }

    static func cellFiles(_ results: String) throws -> [String] {
      try FileManager.default.contentsOfDirectory(atPath: results + "/" + SharedRun.experiment + "/cells")
        .filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The first evaluation cell (not a tuning run: those never see the test set) whose first epoch has a
    /// test accuracy (with `selectedEpochOnly`, only the selected epoch has one), so that changing it changes
    /// the record's bytes and the tables built from it.
    static func testedCell(_ results: String) throws -> String? {
      try cellFiles(results).filter { !$0.contains("@") }.first { name in
        let path = results + "/" + SharedRun.experiment + "/cells/" + name
        let record = try CellRecord.decoder.decode(CellRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        return record.epochs.first?.testAccuracy.isFinite == true
      }
    }

    @Test func passesOnUntouchedResultsAndWritesNothing() throws {
      let (folder, results, shared) = try Self.copy("verify-clean")
      defer { folder.remove() }
      let before = snapshot(results)
      let cells = try Self.cellFiles(results).count
      let outcome = try Self.verify(results, data: shared.data, ["--sample", "1000"], in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.stdout.contains("re-training \(cells) of \(cells) committed cells"), "\(outcome)")
      #expect(outcome.stdout.contains("\(cells) re-trained: \(cells) identical"), "\(outcome)")
      #expect(outcome.stdout.contains("verify: passed"), "\(outcome)")
      #expect(!outcome.stdout.contains("mismatch:"), "\(outcome)")
      // It states its limits: the kernel it ran on, and what another kernel can do.
      #expect(outcome.stdout.contains("BLAS: ") && outcome.stdout.contains("(core "), "\(outcome)")
      #expect(outcome.stdout.contains("another OpenBLAS kernel") && outcome.stdout.contains("writtenAt and gitCommit"))
      #expect(outcome.stderr.contains("[\(cells)/\(cells)] ") && outcome.stderr.contains("ETA"), "\(outcome)")
      #expect(snapshot(results) == before, "verify changed the results folder")
    }

    /// A tuned experiment: its tuning runs re-train at their candidate values and its evaluation cells at
    /// the value the tuning records select, as the runner trains them, so every one is identical.
    @Test func retrainsTuningRunsAndTunedCellsAsTheRunnerDoes() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "verify-tuned")
      defer { folder.remove() }
      let results = folder.path + "/results"
      let run = try runTricks(["run", "dropout-rates", "--profile", "quick", "--data", shared.data, "--out", results,
                               "--jobs", "2"], in: folder.path)
      #expect(run.status == 0, "\(run)")
      let outcome = try Self.verify(results, data: shared.data, ["--sample", "1000"], in: folder.path)
      #expect(outcome.status == 0, "\(outcome)")
      #expect(outcome.stdout.contains("verify: passed"), "\(outcome)")
      let lines = outcome.stderr.split(separator: "\n").filter { $0.hasPrefix("[") }
      #expect(lines.contains { $0.contains("@learning_rate=") && $0.contains(": identical") }, "no tuning run: \(outcome)")
      #expect(lines.contains { !$0.contains("@") && $0.contains(" seed 0: identical") }, "no evaluation cell: \(outcome)")
    }

    /// A measured number changed in one cell: the re-trained record names the field, the rebuilt tables
    /// differ from the committed ones too (they came from the untouched cell), and the exit status is 1.
    @Test func catchesATamperedCell() throws {
      let (folder, results, shared) = try Self.copy("verify-cell")
      defer { folder.remove() }
      let name = try #require(try Self.testedCell(results))
      try Self.tamper(results + "/" + SharedRun.experiment + "/cells/" + name) { $0.epochs[0].testAccuracy += 0.01 }
      let outcome = try Self.verify(results, data: shared.data, ["--sample", "1000"], in: folder.path)
      #expect(outcome.status == 1 && outcome.exitedNormally, "\(outcome)")
      let line = "mismatch: \(SharedRun.experiment) cells/\(name) epochs[0].testAccuracy: committed "
      #expect(outcome.stdout.contains(line), "\(outcome)")
      let mismatches = outcome.stdout.split(separator: "\n").filter { $0.hasPrefix("mismatch:") }
      #expect(!mismatches.contains { $0.contains("last bits") }, "\(outcome)")
      #expect(outcome.stdout.contains("1 differ, 0 failed"), "\(outcome)")
      #expect(outcome.stdout.contains("verify: FAILED"), "\(outcome)")
    }

    /// A change far below what training could do on purpose, as another kernel leaves it, is called so.
    @Test func saysWhenACellDiffersOnlyInTheLastBits() throws {
      let (folder, results, shared) = try Self.copy("verify-bits")
      defer { folder.remove() }
      let name = try #require(try Self.testedCell(results))
      try Self.tamper(results + "/" + SharedRun.experiment + "/cells/" + name) { $0.epochs[0].trainLoss *= 1 + 1e-9 }
      let outcome = try Self.verify(results, data: shared.data, ["--sample", "1000"], in: folder.path)
      #expect(outcome.status == 1, "\(outcome)")
      #expect(outcome.stdout.contains("cells/\(name) epochs[0].trainLoss: committed "), "\(outcome)")
      #expect(outcome.stdout.contains("(differs in the last bits: possibly another OpenBLAS kernel)"), "\(outcome)")
      #expect(outcome.stdout.contains("1 differ only in the last bits"), "\(outcome)")
    }

    @Test func catchesATamperedTable() throws {
      let (folder, results, shared) = try Self.copy("verify-table")
      defer { folder.remove() }
      let path = results + "/" + SharedRun.experiment + "/finals.csv"
      var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      // One digit of the first data row's last field, changed to another digit.
      let index = try #require(bytes.indices.dropFirst(bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1)
        .first { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0]) && bytes[$0 + 1] == UInt8(ascii: ",") })
      bytes[index] = bytes[index] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
      try bytes.write(to: URL(fileURLWithPath: path))
      let outcome = try Self.verify(results, data: shared.data, ["--sample", "0"], in: folder.path)
      #expect(outcome.status == 1 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.stdout.contains("mismatch: \(SharedRun.experiment) finals.csv line 2 "), "\(outcome)")
      #expect(outcome.stdout.contains("0 cells, 1 file"), "\(outcome)")
    }

    /// `--sample 0` re-trains nothing, so it needs no data, and it cannot see a tampered cell except
    /// through the tables built from it.
    @Test func sampleZeroChecksOnlyTheTables() throws {
      let (folder, results, _) = try Self.copy("verify-tables-only")
      defer { folder.remove() }
      let noData = folder.path + "/no-data-here"
      let clean = try Self.verify(results, data: noData, ["--sample", "0"], in: folder.path)
      #expect(clean.status == 0, "\(clean)")
      #expect(clean.stdout.contains("cells: none re-trained (--sample 0: tables only)"), "\(clean)")
      #expect(!clean.stdout.contains("re-training"), "\(clean)")
      let name = try #require(try Self.testedCell(results))
      try Self.tamper(results + "/" + SharedRun.experiment + "/cells/" + name) { $0.epochs[0].testAccuracy += 0.01 }
      let tampered = try Self.verify(results, data: noData, ["--sample", "0"], in: folder.path)
      #expect(tampered.status == 1, "\(tampered)")
      #expect(!tampered.stdout.contains("cells/\(name)"), "\(tampered)")
      #expect(tampered.stdout.contains("mismatch: \(SharedRun.experiment) curves.csv "), "\(tampered)")
    }

    /// Rewrites a cell record with `change` applied.
    static func tamper(_ path: String, _ change: (inout CellRecord) -> Void) throws {
      var record = try CellRecord.decoder.decode(CellRecord.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
      change(&record)
      try CellRecord.encoder.encode(record).write(to: URL(fileURLWithPath: path))
    }
  }
}
