import Foundation
import Harness
import Registry
import Report
import TrainingCore

/// The two checks of `tricks verify`, and their words.
extension VerifyCommand {
  /// Re-trains the sample and prints each cell's progress (stderr) and mismatches (stdout).
  func checkCells(_ plans: [ExperimentPlan], _ tally: inout Tally) throws {
    var groups: [(name: String, items: [Verification.CommittedCell])] = []
    for plan in plans {
      let (cells, unusable) = Verification.committedCells(plan, in: out)
      groups.append((plan.experiment.id, cells))
      for cell in unusable {
        tally.unusable += 1
        let why = cell.reason == .corrupt ? "not a cell record of this experiment, arm, seed and format"
          : "made by another code version or configuration (its fingerprint is not this code's)"
        print("mismatch: \(cell.experiment) \(cell.file) record: \(why); `tricks run` would recompute it")
      }
      for file in Verification.strayCellFiles(plan, in: out, cells: cells, unusable: unusable) {
        tally.stray += 1
        print("note: \(plan.experiment.id) \(file): no cell of the current plan reads it (left from an older plan?); "
          + "it changes no table")
      }
    }
    let total = groups.reduce(0) { $0 + $1.items.count }
    let chosen = Verification.sample(groups, count: sample, seed: seed)
    let committedSeconds = chosen.reduce(0) { $0 + $1.record.seconds }
    print("re-training \(chosen.count) of \(total) committed cells (sample seed \(seed)) on \(jobs) job\(jobs == 1 ? "" : "s"); "
      + "their committed records took \(duration(committedSeconds)) of CPU")
    let cores = Set(chosen.compactMap { $0.record.provenance?.blasCore }).sorted()
    let current = BLAS.coreName
    if cores.isEmpty {
      print("the sampled cells do not record their OpenBLAS kernel (records older than their provenance)")
    } else if cores == [current] {
      print("the sampled cells were computed on the same OpenBLAS kernel (core \(current))")
    } else {
      print("note: the sampled cells were computed on OpenBLAS core \(cores.joined(separator: ", ")), this run on core "
        + "\(current): their floats may differ in the last bits")
    }
    let checks = try Verification.retrain(chosen, jobs: jobs, dataDirectory: data) { progress in
      let check = progress.check, key = check.cell.key
      printErr("[\(progress.finished)/\(progress.total)] \(check.cell.experiment) \(key.arm.name) seed \(key.seed): "
        + "\(Self.words(check.kind)) (\(String(format: "%.1f", check.seconds)) s) — ETA \(duration(progress.remainingSeconds))")
      Self.printMismatches(of: check, currentCore: current)
    }
    for check in checks { tally.count(check.kind) }
  }

  static func words(_ kind: Verification.CellCheck.Kind) -> String {
    switch kind {
    case .identical: "identical"
    case .differsInLastBits: "differs in the last bits"
    case .differs: "DIFFERS"
    case .failed: "FAILED to train"
    }
  }

  static func printMismatches(of check: Verification.CellCheck, currentCore: String) {
    let place = "\(check.cell.experiment) \(check.cell.file)"
    switch check.result {
    case .failed(let reason):
      print("mismatch: \(place): re-training failed: \(reason)")
    case .compared(_, let differences):
      let committedCore = check.cell.record.provenance?.blasCore
      let kernels = committedCore.map { $0 == currentCore ? "" : " (committed on core \($0), re-trained on core \(currentCore))" } ?? ""
      printLimited(differences.map { difference in
        let bits = difference.inLastBits ? " (differs in the last bits: possibly another OpenBLAS kernel)" : ""
        return "mismatch: \(place) \(difference.field): committed \(difference.committed), new \(difference.new)\(bits)\(kernels)"
      }, place: place, what: "differing fields")
    }
  }

  /// Rebuilds the tables and the report in a temporary folder, compares, and prints the mismatches.
  func checkTables(_ plans: [ExperimentPlan], _ tally: inout Tally) throws {
    let ids = plans.map(\.experiment.id)
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tricks-verify-\(UUID().uuidString)").path
    defer { Verification.removeScratch(scratch, experiments: ids) }
    print("rebuilding the tables of \(plans.count) experiment\(plans.count == 1 ? "" : "s") from the committed cells in "
      + "a temporary folder")
    _ = try Verification.rebuildTables(plans, from: out, into: scratch, log: { printErr($0) })
    _ = try ResultsReport.write(for: allExperiments, in: scratch)
    let comparison = Verification.compareFolders(committed: out, rebuilt: scratch, experiments: ids)
    var files: [String] = [], byFile: [String: [Verification.FileDifference]] = [:]
    for difference in comparison.differences {
      let place = (difference.experiment.map { $0 + " " } ?? "") + difference.file
      if byFile[place] == nil { files.append(place) }
      byFile[place, default: []].append(difference)
    }
    for place in files {
      printLimited(byFile[place]!.map { "mismatch: \(place) \($0.field): committed \(quoted($0.committed)), new \(quoted($0.new))" },
                   place: place, what: "differences")
    }
    tally.tableExperiments = plans.count
    tally.filesCompared = comparison.filesCompared
    tally.fileMismatches = files.count
    let missing = comparison.reportFilesNotCommitted
    if !missing.isEmpty {
      print("note: \(missing.count) report file\(missing.count == 1 ? "" : "s") (README.md, index.html, plots) "
        + "\(missing.count == 1 ? "is" : "are") not in \(out), so not compared (`tricks run` writes tables, `tricks report` the report)")
    }
  }
}

/// At most `VerifyCommand.linesPerFile` of `lines`, then one line counting the rest.
func printLimited(_ lines: [String], place: String, what: String) {
  lines.prefix(VerifyCommand.linesPerFile).forEach { print($0) }
  if lines.count > VerifyCommand.linesPerFile {
    print("mismatch: \(place): \(lines.count - VerifyCommand.linesPerFile) more \(what) not shown")
  }
}

/// A value from a text file, cut to 120 characters and quoted when it holds spaces.
func quoted(_ text: String) -> String {
  let cut = text.count > 120 ? String(text.prefix(117)) + "..." : text
  return cut.contains(" ") || cut.isEmpty ? "\"\(cut)\"" : cut
}

/// "45s", "3m05s", "1h12m".
func duration(_ seconds: Double) -> String {
  guard seconds.isFinite else { return "?" }
  let s = Int(seconds.rounded())
  return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s % 3600 / 60))m"
    : s >= 60 ? "\(s / 60)m\(String(format: "%02d", s % 60))s" : "\(s)s"
}

/// What `tricks verify` found, for its summary and exit status.
struct Tally {
  var identical = 0, lastBits = 0, differs = 0, failed = 0, unusable = 0, stray = 0
  var tableExperiments = 0, filesCompared = 0, fileMismatches = 0

  mutating func count(_ kind: Verification.CellCheck.Kind) {
    switch kind {
    case .identical: identical += 1
    case .differsInLastBits: lastBits += 1
    case .differs: differs += 1
    case .failed: failed += 1
    }
  }

  var cellMismatches: Int { lastBits + differs + failed + unusable }
  var mismatches: Int { cellMismatches + fileMismatches }

  func summary(sampled: Bool) -> String {
    let retrained = identical + lastBits + differs + failed
    let cells = sampled
      ? "cells: \(retrained) re-trained: \(identical) identical, \(lastBits) differ only in the last bits (possibly another "
        + "OpenBLAS kernel), \(differs) differ, \(failed) failed; \(unusable) committed cell file\(unusable == 1 ? "" : "s") "
        + "this code would recompute; \(stray) stray cell file\(stray == 1 ? "" : "s") no cell reads (notes, not mismatches)"
      : "cells: none re-trained (--sample 0: tables only)"
    let tables = "tables: \(filesCompared) files of \(tableExperiments) experiment\(tableExperiments == 1 ? "" : "s") "
      + "rebuilt from the committed cells and compared: \(fileMismatches) differ (manifest.json without "
      + Verification.manifestFieldsNotCompared.joined(separator: " and ") + ")"
    let verdict = mismatches == 0 ? "verify: passed"
      : "verify: FAILED: \(mismatches) mismatch\(mismatches == 1 ? "" : "es") (\(cellMismatches) cell\(cellMismatches == 1 ? "" : "s"), "
        + "\(fileMismatches) file\(fileMismatches == 1 ? "" : "s"))"
    return ["summary:", "  " + cells, "  " + tables, verdict].joined(separator: "\n")
  }
}
