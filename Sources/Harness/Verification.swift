import Foundation
import Statistics

/// An audit of a results folder against this code (`tricks verify`): which committed cells to re-train,
/// and what differs. It reads the folder and never writes into it.
///
/// Three checks, each reporting facts (`CellCheck`, `FileDifference`) that the command line words:
/// 1. `committedCells` finds every cell record the runner would use, each with the plan and key the runner
///    would train it with: evaluation cells of a tuned experiment at the values its tuning records select
///    (`Runner.resolve`), tuning runs at their candidate values.
/// 2. `sample` picks some of them, stratified by experiment; `retrain` runs each through `Runner.runCell`,
///    the runner's own code path, and compares the measured fields (`RecordComparison`).
/// 3. `rebuildTables` rebuilds every table from the committed cells in a scratch folder, and
///    `compareFolders` compares them with the committed ones byte for byte.
public enum Verification {
  /// A committed cell: its record, and the plan and key the runner trains it with.
  public struct CommittedCell: Sendable {
    public let plan: ExperimentPlan
    public let key: CellKey
    public let record: CellRecord
    public var experiment: String { plan.experiment.id }
    /// "cells/<arm>__seed-<n>.json", relative to the experiment's folder.
    public var file: String { "cells/" + key.fileName }
  }

  /// A cell file the runner would not use as it is, so this code cannot have produced it.
  public struct UnusableCell: Sendable, Equatable {
    public let experiment: String
    public let file: String
    public enum Reason: Sendable, Equatable {
      /// Not a cell record, or one of another experiment, arm, seed or format.
      case corrupt
      /// Made by another code version or configuration (its fingerprint is not this code's).
      case otherFingerprint
    }
    public let reason: Reason
  }

  /// The plan of `experiment` as its folder in `root` was made: the profile and overrides its manifest
  /// records (full, without overrides, when it has none).
  public static func committedPlan(_ experiment: any Experiment, in root: String) throws -> ExperimentPlan {
    let settings = try Manifest.stored(in: root + "/" + experiment.id)?.settings
    return ExperimentPlan(experiment, profile: settings?.profile ?? .full, overrides: settings?.overrides ?? Overrides())
  }

  /// Every committed cell of `plan` in `root` that the runner would use: its tuning and pilot runs with a
  /// record, then its evaluation cells with a record (at the tuned values; none while its tuning is unfinished), and the
  /// cells whose record is there but would be recomputed.
  public static func committedCells(_ plan: ExperimentPlan, in root: String)
    -> (cells: [CommittedCell], unusable: [UnusableCell]) {
    let runner = Runner(options: .init(outputRoot: root, jobs: 1), log: { _ in })
    var cells: [CommittedCell] = [], unusable: [UnusableCell] = []
    func add(_ plan: ExperimentPlan, _ key: CellKey) {
      switch runner.loadRecord(plan, key) {
      case .valid(let record): cells.append(CommittedCell(plan: plan, key: key, record: record))
      case .missing: break
      case .invalid:
        // `loadRecord` words its reasons; the two cases are told apart by whether the file decodes as ours.
        let path = runner.cellDirectory(plan) + "/" + key.fileName
        let record = FileManager.default.contents(atPath: path).flatMap { try? CellRecord.decoder.decode(CellRecord.self, from: $0) }
        let ours = record.map { $0.formatVersion == CellRecord.formatVersion && $0.arm == key.arm.name && $0.seed == key.seed } ?? false
        unusable.append(UnusableCell(experiment: plan.experiment.id, file: "cells/" + key.fileName,
                                     reason: ours ? .otherFingerprint : .corrupt))
      }
    }
    for key in tuningKeys(plan, runner: runner) + plan.pilotKeys { add(plan, key) }
    if let resolved = plan.isTuned ? runner.resolve(plan).0 : plan {
      for key in resolved.cells { add(resolved, key) }
    }
    return (cells, unusable)
  }

  /// The files in `plan`'s cells folder that no cell of the plan reads (`cells` and `unusable`, as
  /// `committedCells` found them, list every one it does): records left from an older plan, e.g. of an arm since removed. They change no
  /// table, but a reader of the folder should not mistake them for evidence.
  public static func strayCellFiles(_ plan: ExperimentPlan, in root: String, cells: [CommittedCell],
                                    unusable: [UnusableCell]) -> [String] {
    let read = Set(cells.map { "cells/" + $0.key.fileName } + unusable.map(\.file))
    let folder = Runner(options: .init(outputRoot: root, jobs: 1), log: { _ in }).cellDirectory(plan)
    let files = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { "cells/" + $0 }.filter { !read.contains($0) }.sorted()
  }

  /// The tuning runs of `plan` the runner would look for, as far as its records go (`ArmTuning` replays the
  /// grid and its extensions from them).
  static func tuningKeys(_ plan: ExperimentPlan, runner: Runner) -> [CellKey] {
    plan.arms.flatMap { arm -> [CellKey] in
      guard let tuning = arm.tuning else { return [] }
      let state = ArmTuning(arm: arm, tuning: tuning, seeds: plan.tuningSeeds) { key in
        if case .valid(let record) = runner.loadRecord(plan, key) { return record }
        return nil
      }
      let tried = state.values.flatMap { value in plan.tuningSeeds.map { CellKey(arm: tuning.candidate(arm, value), seed: $0) } }
      return tried
    }
  }

  /// `count` items of `groups`, stratified: every group gives one before any gives two, and so on, so a
  /// small sample still spreads over every group. Which groups come first in a round, and which items each
  /// gives, are seeded by `seed` (streams named by the group, so adding a group changes no other group's
  /// order): the same groups and seed give the same sample.
  ///
  /// - Returns: the items in the order picked (round by round).
  public static func sample<T>(_ groups: [(name: String, items: [T])], count: Int, seed: Int) -> [T] {
    var order = groups.map(\.name).sorted()
    RandomStream("verify", "sample", String(seed), "groups").shuffle(&order)
    let byName = Dictionary(groups.map { ($0.name, $0.items) }, uniquingKeysWith: { a, _ in a })
    let shuffled = order.map { name -> [T] in
      var items = byName[name] ?? []
      RandomStream("verify", "sample", String(seed), "group", name).shuffle(&items)
      return items
    }
    var picked: [T] = [], round = 0
    while picked.count < count, shuffled.contains(where: { $0.count > round }) {
      for items in shuffled where items.count > round && picked.count < count { picked.append(items[round]) }
      round += 1
    }
    return picked
  }
}
