import ArgumentParser
import Datasets
import Foundation
import Harness
import Registry
import Report
import TrainingCore

/// Flags shared by `run`, `all` and `report`.
struct ExperimentOptions: ParsableArguments {
  @Option(help: ArgumentHelp("quick (CI smoke test: subset, 2 seeds, few epochs) or full (what results/ holds). Default: full; for report, the profile of the results in --out.",
                             valueName: "profile"))
  var profile: String?

  @Option(parsing: .unconditional, help: "Evaluation seeds per arm (overrides the profile and, for tuned experiments, the power calculation; at least 2 for a t-test; at most 1000, where tuning seeds start).")
  var seeds: Int?

  @Option(parsing: .unconditional, help: "Epochs per run (overrides the profile).")
  var epochs: Int?

  @Option(help: "Results folder; each experiment writes <out>/<id>/.")
  var out: String = "results"

  @Option(help: "Folder holding the four Fashion-MNIST *-ubyte.gz files (default: $TRICKS_DATA, else \(FashionMNIST.defaultDirectory)).")
  var data: String?

  /// The profile asked for, or `full` when none was.
  func parsedProfile() throws -> Profile { try requestedProfile() ?? .full }

  /// The profile given with --profile, if any.
  func requestedProfile() throws -> Profile? {
    guard let profile else { return nil }
    guard let value = Profile(rawValue: profile) else {
      throw ValidationError("--profile must be quick or full, got '\(profile)'")
    }
    return value
  }

  func overrides() -> Overrides { Overrides(seeds: seeds, epochs: epochs) }

  func validate() throws {
    _ = try parsedProfile()
    if let seeds, !(2...1000).contains(seeds) {
      throw ValidationError("--seeds must be between 2 and 1000 (a t-test needs at least 2 seeds), got \(seeds)")
    }
    if let epochs, !(1...10_000).contains(epochs) {
      throw ValidationError("--epochs must be between 1 and 10000, got \(epochs)")
    }
    guard !out.isEmpty else { throw ValidationError("--out must name a folder") }
  }
}

/// Flags for commands that train.
struct SchedulingOptions: ParsableArguments {
  @Option(parsing: .unconditional, help: "Cells (arm x seed runs) trained at once; each uses a single-threaded BLAS. Default: the number of cores.")
  var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

  @Flag(help: "Discard existing results of these experiments and recompute every cell.")
  var fresh = false

  @Option(help: ArgumentHelp("Run only shard i of n of the cells (e.g. 2/4) and write no tables; `tricks report` merges the shards.",
                             valueName: "i/n"))
  var shard: String?

  func parsedShard() throws -> Shard? {
    guard let shard else { return nil }
    do { return try Shard(parsing: shard) } catch { throw ValidationError("--shard: \(error)") }
  }

  func validate() throws {
    guard (1...256).contains(jobs) else { throw ValidationError("--jobs must be between 1 and 256, got \(jobs)") }
    _ = try parsedShard()
    if shard != nil, fresh {
      throw ValidationError("--fresh cannot be combined with --shard: each shard would delete the cells of the others; "
        + "empty the --out folder once before starting the shards")
    }
  }
}

func makeRunner(_ options: ExperimentOptions, jobs: Int, fresh: Bool, shard: Shard? = nil) -> Runner {
  Runner(options: .init(outputRoot: options.out, jobs: jobs, fresh: fresh, dataDirectory: options.data,
                        command: commandWithoutShard(CommandLine.arguments).joined(separator: " "), shard: shard),
         log: { printErr($0) })
}

/// The command line without `--shard i/n`: the manifest keeps the command that regenerates all the cells,
/// and a shard's command alone would make only some of them.
func commandWithoutShard(_ arguments: [String]) -> [String] {
  var kept: [String] = [], skipNext = false
  for argument in arguments {
    if skipNext { skipNext = false; continue }
    if argument == "--shard" { skipNext = true; continue }
    if argument.hasPrefix("--shard=") { continue }
    kept.append(argument)
  }
  return kept
}

func printVerdicts(_ tables: [Tables], out: String) {
  for t in tables {
    let id = t.plan.experiment.id
    let provenances = Manifest.ProvenanceCount.counts(of: t.cells).count
    if provenances > 1 {
      printErr("\(id): warning: the cells were computed by \(provenances) different BLAS builds, kernels, thread "
        + "counts or code versions (manifest.json, cellProvenance), so the tables may differ from a run made in "
        + "one go; run it again with --fresh to recompute every cell")
    }
    print("\(t.plan.experiment.id): \(t.verdict.kind.rawValue) (\(t.cells.count)/\(t.plan.cells.count) runs; \(out)/\(t.plan.experiment.id)/verdict.md)")
    let missing = t.missingCells
    if !missing.isEmpty {
      print("  missing \(missing.count) run\(missing.count == 1 ? "" : "s"): "
        + missing.map { "\($0.arm.name) seed \($0.seed)" }.joined(separator: ", "))
    }
  }
}

/// What a shard says instead of verdicts: it wrote cells, not tables.
func printShardDone(_ shard: Shard, ids: [String], options: ExperimentOptions) {
  var report = ["tricks", "report"] + ids + ["--profile", options.profile ?? Profile.full.rawValue, "--out", options.out]
  if let seeds = options.seeds { report += ["--seeds", String(seeds)] }
  if let epochs = options.epochs { report += ["--epochs", String(epochs)] }
  print("shard \(shard) done: its cells are in \(options.out)/<id>/cells; when every shard is done, build the tables with: "
    + report.joined(separator: " "))
}

struct ListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list", abstract: "List the experiments, their claims, and the verdicts of existing results.")

  @Option(help: "Results folder to look in.")
  var out: String = "results"

  func run() {
    for e in allExperiments {
      let manifestPath = "\(out)/\(e.id)/manifest.json"
      var status = "no results"
      if let data = FileManager.default.contents(atPath: manifestPath),
         let manifest = try? JSONDecoder().decode(Manifest.self, from: data) {
        status = "\(manifest.verdict) (\(manifest.profile), \(manifest.seeds.count) seeds, \(manifest.cellsFinished) runs)"
      }
      print("\(e.id)\n  \(e.title)\n  results: \(status)")
    }
  }
}

/// The locking behaviour of `run` and `all` (`FolderLock`), for their --help.
let oneRunPerFolder = """
  One run per folder: while a run writes into <out>/<id>, a second run into the same folder is refused at \
  once, with the pid of the first; run it again when the first has finished (finished cells are kept). The \
  shards of a sharded run (--shard) write into one folder together. The lock is released when the run ends, \
  however it ends (a crash or kill included).
  """

struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run experiments (resuming any finished cells) and write their tables and verdicts.",
    discussion: oneRunPerFolder)

  @Argument(help: "Experiment ids (see `tricks list`).")
  var ids: [String]

  @OptionGroup var experiment: ExperimentOptions
  @OptionGroup var scheduling: SchedulingOptions

  func validate() throws {
    guard !ids.isEmpty else { throw ValidationError("name at least one experiment id (see `tricks list`)") }
    for id in ids { _ = try experimentOrValidationError(id) }
  }

  func run() throws {
    let profile = try experiment.parsedProfile()
    // Each id once: a repeated id would train the same cells twice, at the same time, into the same files.
    let unique = ids.enumerated().filter { ids.firstIndex(of: $0.element) == $0.offset }.map(\.element)
    let plans = try unique.map { ExperimentPlan(try experimentOrValidationError($0), profile: profile,
                                                overrides: experiment.overrides()) }
    let shard = try scheduling.parsedShard()
    let tables = try runPlans(plans, experiment, scheduling, shard: shard)
    if let shard { printShardDone(shard, ids: unique, options: experiment) } else { printVerdicts(tables, out: experiment.out) }
  }
}

struct AllCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "all", abstract: "Run every experiment (resuming finished cells) and write all tables and verdicts.",
    discussion: oneRunPerFolder)

  @OptionGroup var experiment: ExperimentOptions
  @OptionGroup var scheduling: SchedulingOptions

  func run() throws {
    let profile = try experiment.parsedProfile()
    let plans = allExperiments.map { ExperimentPlan($0, profile: profile, overrides: experiment.overrides()) }
    let shard = try scheduling.parsedShard()
    let tables: [Tables]
    do {
      tables = try runPlans(plans, experiment, scheduling, shard: shard)
    } catch let failure as Runner.RunsFailed where shard == nil {
      // The tables of everything that finished were written: the report covers them, then the error.
      _ = try ResultsReport.write(for: allExperiments, in: experiment.out)
      throw failure
    }
    if let shard {
      printShardDone(shard, ids: allExperiments.map(\.id), options: experiment)
    } else {
      printVerdicts(tables, out: experiment.out)
      print("report: \(try ResultsReport.write(for: allExperiments, in: experiment.out).readme)")
    }
  }
}

struct ReportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Rebuild tables, verdicts and the report (results/README.md, index.html, plots) from the saved runs (of one machine or of many shards), without training; list the runs still missing.",
    discussion: "Each experiment is rebuilt with the profile, --seeds and --epochs its folder's manifest records, unless given; a given one that disagrees with the folder is refused.")

  @Argument(help: "Experiment ids (default: every experiment with results).")
  var ids: [String] = []

  @OptionGroup var experiment: ExperimentOptions

  func run() throws {
    let chosen = ids.isEmpty
      ? allExperiments.filter { FileManager.default.fileExists(atPath: "\(experiment.out)/\($0.id)/cells") }
      : try ids.map(experimentOrValidationError)
    let plans = try chosen.map { try reportPlan($0, options: experiment) }
    let tables = try wordingRefusals(for: .report(experiment)) { try makeRunner(experiment, jobs: 1, fresh: false).report(plans) }
    printVerdicts(tables, out: experiment.out)
    print("report: \(try ResultsReport.write(for: allExperiments, in: experiment.out).readme)")
  }
}

func experimentOrValidationError(_ id: String) throws -> any Experiment {
  do { return try Registry.experiment(withID: id) } catch { throw ValidationError("\(error)") }
}
