import ArgumentParser
import Foundation
import Harness
import Registry

/// `tricks slurm`: writes (and with `--submit`, submits) the batch scripts that run experiments as a
/// Slurm array job of shards followed by a report job. See `SlurmScripts` for what the scripts do.
struct SlurmCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "slurm",
    abstract: "Write sbatch scripts that run experiments as shards of a Slurm array job, then merge them with `tricks report`.")

  @Argument(help: "An experiment id (see `tricks list`), or all.")
  var target: String

  @Option(help: "Array tasks, one shard each (Slurm's default MaxArraySize allows up to 1000).")
  var tasks: Int

  @Option(help: "Slurm partition (default: the cluster's default partition).")
  var partition: String?

  @Option(help: "Time limit per task, in a Slurm format such as 30, 2:00:00 or 1-00:00:00.")
  var time: String?

  @Option(help: "Cores per task; each task trains this many cells at once (its --jobs).")
  var cpusPerTask: Int = 1

  @Option(help: "Folder for the scripts and the jobs' logs (default: scratch/slurm/<target>).")
  var scripts: String?

  @Flag(help: "Submit the jobs (runs the written submit.sh, which calls sbatch).")
  var submit = false

  @OptionGroup var experiment: ExperimentOptions

  func validate() throws {
    if target != "all" { _ = try experimentOrValidationError(target) }
    guard (1...1000).contains(tasks) else {
      throw ValidationError("--tasks must be between 1 and 1000 (Slurm's default MaxArraySize is 1001), got \(tasks)")
    }
    guard (1...256).contains(cpusPerTask) else {
      throw ValidationError("--cpus-per-task must be between 1 and 256, got \(cpusPerTask)")
    }
    // These go on #SBATCH lines verbatim, where a space or quote would change their meaning.
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.,:-")
    for (flag, value) in [("--partition", partition), ("--time", time)] {
      if let value, value.isEmpty || !value.allSatisfy({ safe.contains($0) }) {
        throw ValidationError("\(flag) must be letters, digits and _.,:- only, got '\(value)'")
      }
    }
    if let scripts, scripts.contains(where: { $0.isWhitespace || $0 == "'" || $0 == "\"" }) {
      throw ValidationError("--scripts: '\(scripts)' holds a space or quote, which #SBATCH --output cannot take")
    }
  }

  func run() throws {
    let here = FileManager.default.currentDirectoryPath
    let directory = absolute(scripts ?? "scratch/slurm/\(target)", in: here)
    let jobs = SlurmScripts(
      executable: currentExecutable(), workingDirectory: here, scriptDirectory: directory, target: target,
      ids: target == "all" ? allExperiments.map(\.id) : [target], experimentArguments: experimentArguments(),
      tasks: tasks, partition: partition, time: time, cpusPerTask: cpusPerTask)
    try FileStore.prepareDirectory(jobs.logDirectory, purpose: "--scripts")
    for (name, text) in jobs.files {
      let path = directory + "/" + name
      try FileStore.writeAtomically(text, to: path)
      chmod(path, 0o755)
      print("wrote \(path)")
    }
    warnAboutEmptyShards()
    let submitPath = directory + "/" + SlurmScripts.submitName
    print("submit with: bash \(shellQuoted(submitPath))")
    print("  (sbatch --parsable \(SlurmScripts.arrayName), then sbatch --dependency=afterok:<array job id> \(SlurmScripts.reportName))")
    if submit { try runSubmitScript(submitPath) }
  }

  /// The flags the jobs pass on to `run`/`all` and `report`, only those the user gave (and the profile).
  func experimentArguments() -> [String] {
    var arguments = ["--profile", experiment.profile ?? Profile.full.rawValue]
    if let seeds = experiment.seeds { arguments += ["--seeds", String(seeds)] }
    if let epochs = experiment.epochs { arguments += ["--epochs", String(epochs)] }
    arguments += ["--out", experiment.out]
    if let data = experiment.data { arguments += ["--data", data] }
    return arguments
  }

  func warnAboutEmptyShards() {
    guard let profile = try? experiment.parsedProfile() else { return }
    let chosen = target == "all" ? allExperiments : allExperiments.filter { $0.id == target }
    let cells = chosen.reduce(0) { $0 + ExperimentPlan($1, profile: profile, overrides: experiment.overrides()).cells.count }
    if tasks > cells {
      printErr("note: \(tasks) tasks for \(cells) cells: some shards will have nothing to do")
    }
    let tuned = chosen.filter { ExperimentPlan($0, profile: profile).isTuned }.map(\.id)
    if !tuned.isEmpty {
      printErr("note: \(tuned.joined(separator: ", ")) tune\(tuned.count == 1 ? "s" : "") on validation first: each "
        + "tuning round needs the runs of every shard, so a shard stops where its round waits for the others "
        + "(it says so). Submit the array job again once it has finished, until the shards report no waiting, "
        + "then the report job")
    }
  }

  func runSubmitScript(_ path: String) throws {
    let searchPath = ProcessInfo.processInfo.environment["PATH"] ?? ""
    guard searchPath.split(separator: ":").contains(where: { access("\($0)/sbatch", X_OK) == 0 }) else {
      throw SubmitFailure(description: "--submit: sbatch is not on PATH; run this on a machine of the cluster "
        + "(a login node), or copy the scripts there and run bash \(shellQuoted(path))")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["bash", path]
    do { try process.run() } catch { throw ValidationError("--submit: cannot run bash \(path): \(error)") }
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
      throw SubmitFailure(description: "--submit: \(SlurmScripts.submitName) failed (exit \(process.terminationStatus)); see sbatch's message above")
    }
  }

  struct SubmitFailure: Error, CustomStringConvertible {
    let description: String
  }
}

/// `path` made absolute against `directory`, with `.` and `..` left as they are.
func absolute(_ path: String, in directory: String) -> String {
  path.hasPrefix("/") ? path : directory + "/" + path
}

/// The absolute path of the running `tricks` binary, which the batch scripts call.
func currentExecutable() -> String {
  if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
  return absolute(CommandLine.arguments[0], in: FileManager.default.currentDirectoryPath)
}
