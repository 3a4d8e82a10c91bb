import Datasets
import Foundation
import Synchronization
import TrainingCore

/// Runs experiments: schedules their (arm, seed) cells across cores, writes each finished cell at once,
/// skips cells already done (so an interrupted run resumes), then rebuilds every table from the records.
public final class Runner: Sendable {
  public struct Options: Sendable {
    public var outputRoot: String
    public var jobs: Int
    public var fresh: Bool
    public var dataDirectory: String?
    /// The command line, for manifests.
    public var command: String
    /// Run only this shard's cells and write no tables (see `Shard`).
    public var shard: Shard?
    public init(outputRoot: String, jobs: Int, fresh: Bool = false, dataDirectory: String? = nil, command: String = "",
                shard: Shard? = nil) {
      self.outputRoot = outputRoot
      self.jobs = jobs
      self.fresh = fresh
      self.dataDirectory = dataDirectory
      self.command = command
      self.shard = shard
    }
  }

  /// Some cells failed, but every table was written from the cells that finished.
  public struct RunsFailed: Error, CustomStringConvertible {
    public let description: String
  }

  public let options: Options
  let log: @Sendable (String) -> Void

  public init(options: Options, log: @escaping @Sendable (String) -> Void) {
    self.options = options
    self.log = log
  }

  func directory(_ plan: ExperimentPlan) -> String { options.outputRoot + "/" + plan.experiment.id }
  func cellDirectory(_ plan: ExperimentPlan) -> String { directory(plan) + "/cells" }

  /// Runs every missing cell of the plans, then writes their tables. Returns the verdicts.
  ///
  /// Tuned experiments go first through their tuning rounds (`Tuning`): each round runs the tuning runs
  /// that every unfinished tuning still needs, all experiments together, until each tuned arm has its
  /// selected value. Then the evaluation cells of every plan run.
  ///
  /// With `options.shard`, runs only that shard's missing cells and returns no tables: a shard's tables
  /// would claim a completeness it lacks, and shards running at once would race on them. A tuned
  /// experiment whose tuning round still waits for other shards' runs stops there; run the shard again
  /// once they are done.
  @discardableResult
  public func run(_ plans: [ExperimentPlan]) throws -> [Tables] {
    if options.shard != nil, options.fresh { throw ResultsFolderError.freshWithShard }
    let locks = try lockFolders(plans)
    defer { for lock in locks { lock.release() } }
    for plan in plans { try prepareFolder(plan) }
    let data = DataCache(directory: options.dataDirectory)
    var failures: [String] = []
    // 1. Tuning rounds.
    var ready: [ExperimentPlan?] = plans.map { $0.isTuned ? nil : $0 }
    var round = 0
    while true {
      var pending: [(plan: ExperimentPlan, key: CellKey)] = []
      for (index, plan) in plans.enumerated() where plan.isTuned && ready[index] == nil {
        let (resolved, missing) = resolve(plan)
        if let resolved {
          ready[index] = resolved
          let selected = resolved.tunings.map { "\($0.arm) \(format($0.selected!))\($0.edge == .flagged ? " (at the edge)" : "")" }
          log("\(plan.experiment.id): tuned (\(selected.joined(separator: ", "))); "
              + (resolved.seedChoice?.reason ?? "\(resolved.seeds.count) seeds"))
          continue
        }
        let own = needingRun(plan, missing.filter { options.shard?.contains(experiment: plan.experiment.id, $0) ?? true })
        if own.isEmpty {
          log("\(plan.experiment.id): tuning waits for \(missing.count) run(s) of other shards; run this shard again "
              + "once they are done")
        }
        pending += own.map { (plan, $0) }
      }
      guard !pending.isEmpty, failures.isEmpty else { break }
      round += 1
      log("tuning round \(round): \(pending.count) run\(pending.count == 1 ? "" : "s") at their validation budget")
      failures += try runAll(pending, data: data)
    }
    // 2. Evaluation cells of every plan whose tuning is done.
    let evaluated = ready.compactMap { $0 }
    var pending: [(plan: ExperimentPlan, key: CellKey)] = []
    for plan in evaluated { pending += needingRun(plan, ownCells(plan)).map { (plan, $0) } }
    failures += try runAll(pending, data: data)
    let tables = options.shard == nil ? try evaluated.map { try writeTables($0) } : []
    if !failures.isEmpty {
      let others = options.shard == nil ? "the tables hold the others" : "the others are saved"
      throw RunsFailed(description: "\(failures.count) run(s) failed (\(others)):\n" + failures.joined(separator: "\n"))
    }
    return tables
  }

  /// `plan` at its tuned values once every tuning run has a record, else the tuning runs still missing.
  func resolve(_ plan: ExperimentPlan) -> (ExperimentPlan?, missing: [CellKey]) {
    let tunings = plan.tuningState { key in
      if case .valid(let record) = loadRecord(plan, key) { return record }
      return nil
    }
    let pilots = plan.pilotKeys.map { key -> (CellKey, CellRecord?) in
      if case .valid(let record) = loadRecord(plan, key) { return (key, record) }
      return (key, nil)
    }
    let missing = tunings.flatMap(\.missing) + pilots.filter { $0.1 == nil }.map(\.0)
    guard missing.isEmpty else { return (nil, missing) }
    let records = pilots.compactMap(\.1)
    let powered = plan.profile == .full && plan.overrides.seeds == nil
    let choice = powered ? SeedChoice.fromTuning(plan, tunings, pilots: records, cap: plan.experiment.seedCap,
                                                minimum: plan.experiment.seedMinimum) : nil
    var groupChoices: [String: SeedChoice] = [:]
    for group in plan.experiment.seedGroups where powered {
      groupChoices[group.name] = SeedChoice.fromTuning(plan, tunings, pilots: records, cap: group.cap,
                                                       subClaims: plan.subClaims(in: group))
    }
    return (plan.resolved(tunings, seedChoice: choice, pilots: records, groupSeedChoices: groupChoices), [])
  }

  /// Runs the cells on `options.jobs` threads, grouped by preprocessing; returns the failures.
  func runAll(_ pending: [(plan: ExperimentPlan, key: CellKey)], data: DataCache) throws -> [String] {
    guard !pending.isEmpty else { return [] }
    // One preprocessing's copy of the data in memory at a time (each is ~220 MB of Float features): the
    // cells run grouped by preprocessing. Cells are independent, so the order changes no number.
    let preprocessings = Set(pending.map(\.key.arm.configuration.preprocessing)).sorted { $0.rawValue < $1.rawValue }
    let progress = Progress(total: pending.count, totalCost: pending.reduce(0) { $0 + Runner.cost($1.key) })
    let jobs = max(1, min(options.jobs, pending.count))
    log("running \(pending.count) cell\(pending.count == 1 ? "" : "s") on \(jobs) job\(jobs == 1 ? "" : "s") "
        + "(BLAS single-threaded per cell)")
    for preprocessing in preprocessings {
      let group = pending.filter { $0.key.arm.configuration.preprocessing == preprocessing }
      let (train, test) = try data.load(preprocessing)
      runCells(group, train: train, test: test, progress: progress)
    }
    return progress.state.withLock { $0.failures }
  }

  /// Rebuilds the tables of plans from whatever cell records exist, without training. A tuned plan is
  /// shown at its selected values; while its tuning is unfinished, at its declared ones.
  public func report(_ plans: [ExperimentPlan]) throws -> [Tables] {
    try plans.map { plan in
      guard FileManager.default.fileExists(atPath: cellDirectory(plan)) else {
        throw ResultsFolderError.noResults(experiment: plan.experiment.id, folder: options.outputRoot)
      }
      try checkManifest(plan)
      let (resolved, missing) = plan.isTuned ? resolve(plan) : (plan, [])
      if resolved == nil {
        log("\(plan.experiment.id): tuning is unfinished (\(missing.count) tuning run(s) missing)")
      }
      return try writeTables(resolved ?? plan, keepingRunProvenance: true)
    }
  }

  /// The Fashion-MNIST of one preprocessing, kept while the next group needs the same one.
  final class DataCache: @unchecked Sendable {
    let directory: String?
    var loaded: (Preprocessing, Dataset, Dataset)?
    init(directory: String?) { self.directory = directory }
    func load(_ preprocessing: Preprocessing) throws -> (Dataset, Dataset) {
      if let loaded, loaded.0 == preprocessing { return (loaded.1, loaded.2) }
      loaded = nil
      let data = try FashionMNIST.load(directory: FashionMNIST.directory(override: directory), preprocessing: preprocessing)
      loaded = (preprocessing, data.train, data.test)
      return (data.train, data.test)
    }
  }

  // MARK: - Resuming

  enum RecordState { case valid(CellRecord), missing, invalid(String) }

  func loadRecord(_ plan: ExperimentPlan, _ key: CellKey) -> RecordState {
    let path = cellDirectory(plan) + "/" + key.fileName
    guard let data = FileManager.default.contents(atPath: path) else { return .missing }
    guard let record = try? CellRecord.decoder.decode(CellRecord.self, from: data) else {
      return .invalid("the file is corrupt (not a cell record)")
    }
    guard record.formatVersion == CellRecord.formatVersion, record.experiment == plan.experiment.id,
          record.arm == key.arm.name, record.seed == key.seed else {
      return .invalid("it belongs to another experiment, arm, seed or format")
    }
    guard record.fingerprint == plan.fingerprint(key) else {
      return .invalid("it was made by another code version or configuration")
    }
    return .valid(record)
  }

  func records(_ plan: ExperimentPlan) -> [CellRecord] {
    plan.cells.compactMap { key in
      if case .valid(let record) = loadRecord(plan, key) { return record }
      return nil
    }
  }

  // MARK: - Running cells

  /// Estimated cost of a cell in FLOPs, for the ETA (training at 3x forward, plus test evaluations).
  static func cost(_ key: CellKey) -> Double {
    let c = key.arm.configuration
    let examples = Double(c.trainSubset ?? 60_000)
    return c.network.forwardFLOPsPerExample * Double(c.epochs) * (3 * examples + 10_000)
  }

  /// A run's progress across its groups of cells: what is finished (and its estimated cost, for the ETA)
  /// and what failed; `next` is the next cell of the group being run.
  final class Progress: Sendable {
    struct State {
      var next = 0
      var finished = 0
      var finishedCost = 0.0
      var failures: [String] = []
    }
    let total: Int
    let totalCost: Double
    let started = ContinuousClock.now
    let state = Mutex(State())
    init(total: Int, totalCost: Double) {
      self.total = total
      self.totalCost = totalCost
    }
  }

  /// Runs the cells (all of one preprocessing, whose data is given) on `options.jobs` threads, counting
  /// them and any failure in `progress`.
  func runCells(_ pending: [(plan: ExperimentPlan, key: CellKey)], train: Dataset, test: Dataset,
                progress: Progress) {
    let jobs = max(1, min(options.jobs, pending.count))
    BLAS.setThreads(1)
    progress.state.withLock { $0.next = 0 }
    DispatchQueue.concurrentPerform(iterations: jobs) { _ in
      while true {
        let index: Int? = progress.state.withLock { state in
          guard state.next < pending.count else { return nil }
          defer { state.next += 1 }
          return state.next
        }
        guard let index else { return }
        let (plan, key) = pending[index]
        let path = cellDirectory(plan) + "/" + key.fileName
        do {
          let record = try Runner.runCell(plan, key, train: train, test: test)
          try FileStore.writeAtomically(try CellRecord.encoder.encode(record), to: path)
          let (finished, doneCost) = progress.state.withLock { state in
            state.finished += 1
            state.finishedCost += Runner.cost(key)
            return (state.finished, state.finishedCost)
          }
          let elapsed = (ContinuousClock.now - progress.started) / .seconds(1)
          let eta = doneCost > 0 ? elapsed * (progress.totalCost - doneCost) / doneCost : 0
          let outcome = record.diverged ? "diverged at epoch \(record.divergedEpoch ?? 0)"
            : key.isTuning ? "val_acc \(String(format: "%.4f", record.finalEpoch?.validationAccuracy ?? .nan))"
            : "test_acc \(String(format: "%.4f", record.finalEpoch?.testAccuracy ?? .nan))"
          log("[\(finished)/\(progress.total)] \(plan.experiment.id) \(key.arm.name) seed \(key.seed): \(outcome) "
              + "(\(String(format: "%.1f", record.seconds)) CPU s) — ETA \(Runner.duration(eta))")
        } catch {
          progress.state.withLock { $0.failures.append("\(plan.experiment.id) \(key.arm.name) seed \(key.seed): \(error)") }
        }
      }
    }
  }

  static func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds.rounded())
    return s >= 3600 ? "\(s / 3600)h\(s % 3600 / 60)m" : (s >= 60 ? "\(s / 60)m\(s % 60)s" : "\(s)s")
  }

  // MARK: - Tables

  /// Writes every table, the verdict and the manifest. `keepingRunProvenance`: a report keeps what the
  /// manifest says about the run that made the cells (command, Swift, BLAS, jobs), since the cells came
  /// from that run, not from the report; the commit is the report's own (see `Manifest.gitCommit`).
  func writeTables(_ plan: ExperimentPlan, keepingRunProvenance: Bool = false) throws -> Tables {
    let dir = directory(plan)
    let previous = keepingRunProvenance ? Manifest.read(from: dir + "/manifest.json") : nil
    let cells = records(plan)
    let tables = Tables(plan: plan, cells: cells)
    try FileStore.writeAtomically(tables.curves, to: dir + "/curves.csv")
    try FileStore.writeAtomically(tables.finals, to: dir + "/finals.csv")
    try FileStore.writeAtomically(tables.summary, to: dir + "/summary.csv")
    try FileStore.writeAtomically(tables.significance, to: dir + "/significance.csv")
    if let probes = tables.layerProbes { try FileStore.writeAtomically(probes, to: dir + "/probes.csv") }
    if let findings = tables.findingsTable { try FileStore.writeAtomically(findings, to: dir + "/findings.csv") }
    try FileStore.writeAtomically(tables.subClaims, to: dir + "/subclaims.csv")
    if let tuning = tables.tuning { try FileStore.writeAtomically(tuning, to: dir + "/tuning.csv") }
    try FileStore.writeAtomically(tables.verdictMarkdown, to: dir + "/verdict.md")
    let manifest = makeManifest(plan, cells: cells, verdict: tables.verdict.kind.rawValue, previous: previous)
    try FileStore.writeAtomically(try manifest.encoded(), to: dir + "/manifest.json")
    return tables
  }
}
