import Foundation

/// What a sharded run (`Runner.Options.shard`) does differently from a whole one.
///
/// Shards of one suite run at the same time on different machines and write into one shared `--out`
/// folder. Each writes only its own cell records, never tables (`tricks report` builds those once every
/// shard is done), and the folder's manifest is written once, by whichever shard comes first, so that
/// the check against mixing profiles or overrides works across shards as it does across runs.
extension Runner {
  /// The cells this run is responsible for: all of the plan's, or those of `options.shard`.
  func ownCells(_ plan: ExperimentPlan) -> [CellKey] {
    guard let shard = options.shard else { return plan.cells }
    return plan.cells.filter { shard.contains(experiment: plan.experiment.id, $0) }
  }

  /// Removes the temp files a killed run left behind. A shard removes only those of its own cells:
  /// the other `*.tmp` files may be writes in progress of shards running right now.
  func removeLeftovers(_ plan: ExperimentPlan, _ own: [CellKey]) {
    guard options.shard != nil else {
      FileStore.removeTemporaryFiles(in: cellDirectory(plan))
      FileStore.removeTemporaryFiles(in: directory(plan))
      return
    }
    for key in own { unlink(cellDirectory(plan) + "/" + key.fileName + ".tmp") }
  }

  /// Writes a manifest of the plan, with no finished cells and verdict "pending", unless one exists;
  /// then checks, as an unsharded run does, that the existing one is of the same profile and overrides.
  func claimManifest(_ plan: ExperimentPlan) throws {
    let path = directory(plan) + "/manifest.json"
    if !FileManager.default.fileExists(atPath: path) {
      let manifest = makeManifest(plan, cells: [], verdict: Runner.pendingVerdict, command: options.command)
      if try FileStore.createExclusively(try manifest.encoded(), at: path) { return }
    }
    try checkManifest(plan)
  }

  /// The verdict a manifest shows until `tricks report` has merged the shards' cells.
  public static let pendingVerdict = "pending (sharded run: `tricks report` builds the tables)"
}
