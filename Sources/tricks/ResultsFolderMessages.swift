import Harness

/// The command line's words for a results folder's refusal (`ResultsFolderError`): the harness's facts,
/// in flags, and the flag that fixes them for the command at hand.
struct FolderRefusal: Error, CustomStringConvertible {
  let description: String
}

/// The command a refusal is worded for: `run` and `all` can start afresh with --fresh; `report` takes the
/// folder's own settings for every flag left out.
enum FolderCommand {
  case run
  case report(ExperimentOptions)
}

/// Runs `body`, rewording a `ResultsFolderError` it throws for `command`; other errors pass unchanged.
func wordingRefusals<T>(for command: FolderCommand, _ body: () throws -> T) throws -> T {
  do {
    return try body()
  } catch let error as ResultsFolderError {
    throw FolderRefusal(description: words(for: error, command))
  }
}

func words(for error: ResultsFolderError, _ command: FolderCommand) -> String {
  switch (error, command) {
  case (.foreignManifest(let path), .run):
    return "\(path) is not a TrainingTricks manifest; use --fresh to replace this folder's results, or another --out"
  case (.foreignManifest(let path), .report):
    return "\(path) is not a TrainingTricks manifest; name the folder that holds the results with --out"
  case (.otherSettings(let folder, let stored, let requested), .run):
    return "\(folder) holds results of profile \(flags(stored)), not \(flags(requested)); use --fresh to replace them or --out for another folder"
  case (.otherSettings(let folder, let stored, let requested), .report(let options)):
    let given = disagreeingFlags(options, stored)
    guard !given.isEmpty else { return "\(folder) holds results of profile \(flags(stored)), not \(flags(requested))" }
    return "\(folder) holds results of profile \(flags(stored)), not of \(given.map { "\($0) \($1)" }.joined(separator: " ")); "
      + "leave out \(given.map(\.flag).joined(separator: " and ")) to report on the results it holds, or name "
      + "another folder with --out"
  case (.noResults(let experiment, let folder), _):
    return "no results for \(experiment) in \(folder): run `tricks run \(experiment)` first"
  case (.busy(let folder, let pids, let sharedByShards), _):
    let who = pids.isEmpty ? "" : " (pid \(pids.map(String.init).joined(separator: ", ")))"
    if sharedByShards {
      return "\(folder) is being written by the shards of a sharded run\(who); when they are done, `tricks report` "
        + "builds the tables; or use another --out"
    }
    return "\(folder) is being written by another tricks run\(who); run this again when it has finished (its "
      + "cells are kept), or use another --out"
  case (.freshWithShard, _):
    return "--fresh cannot be combined with --shard: each shard would delete the cells of the others; empty the "
      + "--out folder once before starting the shards"
  }
}

/// Runs `plans` into --out for `run` and `all`: --out is checked first, so that its errors name the flag,
/// and a refusal of an experiment folder says which flag fixes it.
func runPlans(_ plans: [ExperimentPlan], _ options: ExperimentOptions, _ scheduling: SchedulingOptions,
              shard: Shard?) throws -> [Tables] {
  try FileStore.prepareDirectory(options.out, purpose: "--out")
  return try wordingRefusals(for: .run) {
    try makeRunner(options, jobs: scheduling.jobs, fresh: scheduling.fresh, shard: shard).run(plans)
  }
}

/// "quick (--seeds 2 --epochs 1)": a profile and the flags that override it.
func flags(_ settings: ResultsSettings) -> String {
  var parts: [String] = []
  if let seeds = settings.overrides.seeds { parts.append("--seeds \(seeds)") }
  if let epochs = settings.overrides.epochs { parts.append("--epochs \(epochs)") }
  return "\(settings.profile)" + (parts.isEmpty ? "" : " (" + parts.joined(separator: " ") + ")")
}

/// The flags given to `report` whose values differ from the folder's.
func disagreeingFlags(_ options: ExperimentOptions, _ stored: ResultsSettings) -> [(flag: String, value: String)] {
  var given: [(flag: String, value: String)] = []
  if let profile = options.profile, profile != stored.profile.rawValue { given.append(("--profile", profile)) }
  if let seeds = options.seeds, seeds != stored.overrides.seeds { given.append(("--seeds", String(seeds))) }
  if let epochs = options.epochs, epochs != stored.overrides.epochs { given.append(("--epochs", String(epochs))) }
  return given
}

/// The plan `tricks report` rebuilds for `experiment`: the profile, seeds and epochs given on the command
/// line, and for each one left out, what the experiment's folder was made with (its manifest), else the
/// default. So `tricks report --out DIR` rebuilds whatever profile DIR holds, and a flag that disagrees
/// with it is refused rather than silently ignored.
func reportPlan(_ experiment: any Experiment, options: ExperimentOptions) throws -> ExperimentPlan {
  let stored = try wordingRefusals(for: .report(options)) {
    try Manifest.stored(in: options.out + "/" + experiment.id)?.settings
  }
  let overrides = Overrides(seeds: options.seeds ?? stored?.overrides.seeds, epochs: options.epochs ?? stored?.overrides.epochs)
  return ExperimentPlan(experiment, profile: try options.requestedProfile() ?? stored?.profile ?? .full, overrides: overrides)
}
