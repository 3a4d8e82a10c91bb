import Foundation
import TrainingCore

/// The results folder of each experiment (`<out>/<id>`): locking it, clearing it, claiming it with a
/// manifest, and refusing results of other settings.
extension Runner {
  /// Creates and locks the folder of every plan, each once, before anything in it is read or changed:
  /// exclusively for a whole run, shared for a shard (see `FolderLock`). Where folders cannot be locked,
  /// says so once and goes on.
  ///
  /// - Throws: `ResultsFolderError.busy` when another run holds one of them.
  func lockFolders(_ plans: [ExperimentPlan]) throws -> [FolderLock] {
    try FileStore.prepareDirectory(options.outputRoot, purpose: "results folder")
    var locks: [FolderLock] = [], seen: Set<String> = [], unsupported: String?
    for folder in plans.map(directory) where seen.insert(folder).inserted {
      try FileStore.prepareDirectory(folder, purpose: "results folder")
      do {
        locks.append(try FolderLock.acquire(folder, mode: options.shard == nil ? .exclusive : .shared))
      } catch let error as FolderLock.Unsupported {
        unsupported = unsupported ?? error.description
      }
    }
    if let unsupported {
      log("note: \(unsupported); another run into these folders at the same time would not be noticed")
    }
    return locks
  }

  /// Readies the folder of `plan` for a run: clears it with `fresh`, checks or claims its manifest, and
  /// removes what a killed run left behind.
  /// - Precondition: the folder is locked (`lockFolders`).
  func prepareFolder(_ plan: ExperimentPlan) throws {
    let cells = cellDirectory(plan)
    // Clears the folder's contents, not the folder, which holds the lock.
    if options.fresh, let names = try? FileManager.default.contentsOfDirectory(atPath: directory(plan)) {
      for name in names { try? FileManager.default.removeItem(atPath: directory(plan) + "/" + name) }
    }
    if options.shard == nil { try checkManifest(plan) } else { try claimManifest(plan) }
    try FileStore.prepareDirectory(cells, purpose: "results folder")
    let own = ownCells(plan)
    removeLeftovers(plan, own)
    // Claim the folder before the first cell: a run killed before its tables are written still leaves a
    // manifest, so a later run with another profile or other overrides is refused by checkManifest
    // instead of recomputing (and so overwriting) the cells this run finished. (A shard claimed it above.)
    let manifestPath = directory(plan) + "/manifest.json"
    if options.shard == nil, !FileManager.default.fileExists(atPath: manifestPath) {
      let manifest = makeManifest(plan, cells: records(plan), verdict: Manifest.incomplete)
      try FileStore.writeAtomically(try manifest.encoded(), to: manifestPath)
    }
  }

  /// Which of `keys` still need a run: missing, corrupt, or made by other code or settings.
  func needingRun(_ plan: ExperimentPlan, _ keys: [CellKey]) -> [CellKey] {
    keys.filter { key in
      switch loadRecord(plan, key) {
      case .valid: return false
      case .missing: return true
      case .invalid(let reason):
        log("\(plan.experiment.id): recomputing \(key.fileName): \(reason)")
        return true
      }
    }
  }

  /// Refuses to mix results of another profile or other overrides (and a folder that is not ours).
  func checkManifest(_ plan: ExperimentPlan) throws {
    guard let manifest = try Manifest.stored(in: directory(plan)) else { return }
    let requested = ResultsSettings(profile: plan.profile, overrides: plan.overrides)
    if manifest.settings != requested {
      throw ResultsFolderError.otherSettings(folder: directory(plan), stored: manifest.settings, requested: requested)
    }
  }

  /// The provenance of `plan`'s results as they stand: `cells` finished so far, and their verdict. The run's
  /// own facts (command, Swift, BLAS, jobs) come from `previous` when given, else from this process; the
  /// commit is always this process's, the code that wrote the tables.
  func makeManifest(_ plan: ExperimentPlan, cells: [CellRecord], verdict: String, previous: Manifest? = nil,
                    command: String? = nil) -> Manifest {
    let e = plan.experiment
    return Manifest(
      experiment: e.id, title: e.title, claim: e.claim, source: e.source, profile: plan.profile,
      overrides: plan.overrides, seeds: plan.seeds,
      arms: plan.arms.map { .init(name: $0.name, description: $0.description, configuration: $0.configuration) },
      probes: e.probes, command: previous?.command ?? command ?? options.command, tricksVersion: ResultsVersion.tricks,
      resultsFormatVersion: CellRecord.formatVersion, coreVersion: ResultsVersion.core,
      gitCommit: Provenance.gitCommit, swiftVersion: previous?.swiftVersion ?? Provenance.swiftVersion,
      blas: previous?.blas ?? (BLAS.configuration + " (core \(BLAS.coreName))"),
      blasThreadsPerCell: 1, cellProvenance: Manifest.ProvenanceCount.counts(of: cells), jobs: previous?.jobs ?? options.jobs,
      cellsFinished: cells.count,
      cellsDiverged: cells.filter(\.diverged).count, cellSecondsTotal: cells.reduce(0) { $0 + $1.seconds },
      verdict: verdict, writtenAt: ISO8601DateFormatter().string(from: Date()),
      tuningSecondsTotal: plan.tuningSecondsTotal,
      tuningRuns: plan.isTuned ? plan.tunings.flatMap(\.runs).count : nil, seedChoice: seedChoiceWords(plan))
  }

  /// The manifest's `seedChoice`: the experiment's reason, then each seed group's.
  func seedChoiceWords(_ plan: ExperimentPlan) -> String? {
    let groups = plan.experiment.seedGroups.compactMap { group in
      plan.groupSeedChoices[group.name].map { "\(group.arms): \($0.reason)" }
    }
    let parts = (plan.seedChoice.map { [$0.reason] } ?? []) + groups
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }
}
