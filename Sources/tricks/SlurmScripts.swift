import Foundation

/// The batch scripts that run experiments on a Slurm cluster: an array job with one task per shard
/// (`tricks run|all ... --shard $SLURM_ARRAY_TASK_ID/N`), a report job that merges the shards, and
/// `submit.sh`, which submits the report with `--dependency=afterok:<array job>` so that it starts only
/// when every shard has succeeded.
///
/// A pure function of its fields (no clock, no environment), so the same request writes the same bytes.
/// It does not talk to Slurm: `tricks slurm --submit` runs `submit.sh`.
struct SlurmScripts: Equatable {
  /// Absolute path of the `tricks` binary the jobs run (compute nodes must see the same file system).
  var executable: String
  /// Absolute path the jobs `cd` to, so relative `--out` and `--data` mean what they meant here.
  var workingDirectory: String
  /// Absolute folder of the scripts; the jobs' logs go to `<scriptDirectory>/logs`.
  var scriptDirectory: String
  /// An experiment id, or "all".
  var target: String
  /// The experiments the report job merges.
  var ids: [String]
  /// `--profile`, `--seeds`, `--epochs`, `--out`, `--data`, as the user gave them.
  var experimentArguments: [String]
  var tasks: Int
  var partition: String?
  var time: String?
  var cpusPerTask: Int

  static let arrayName = "array.sbatch"
  static let reportName = "report.sbatch"
  static let submitName = "submit.sh"

  var logDirectory: String { scriptDirectory + "/logs" }
  var files: [(name: String, text: String)] {
    [(Self.arrayName, arrayScript), (Self.reportName, reportScript), (Self.submitName, submitScript)]
  }

  /// The command that writes these scripts again.
  var regenerate: String {
    var words = ["tricks", "slurm", target, "--tasks", String(tasks)]
    if let partition { words += ["--partition", partition] }
    if let time { words += ["--time", time] }
    words += ["--cpus-per-task", String(cpusPerTask)] + experimentArguments
    return words.map(shellQuoted).joined(separator: " ")
  }

  var arrayScript: String {
    let run = target == "all" ? ["all"] : ["run", target]
    let command = ([executable] + run + experimentArguments).map(shellQuoted).joined(separator: " ")
    return header(job: "tricks-\(target)", summary: "Shard $SLURM_ARRAY_TASK_ID of \(tasks) of `tricks \(run.joined(separator: " "))`.",
                  extra: ["--array=1-\(tasks)", "--cpus-per-task=\(cpusPerTask)"], log: "%x-%A_%a.out")
      + "exec \(command) --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --shard \"${SLURM_ARRAY_TASK_ID}/\(tasks)\"\n"
  }

  var reportScript: String {
    let command = ([executable, "report"] + ids + experimentArguments).map(shellQuoted).joined(separator: " ")
    return header(job: "tricks-\(target)-report", summary: "Merges the shards' cells into tables and verdicts.",
                  extra: ["--cpus-per-task=1"], log: "%x-%j.out")
      + "exec \(command)\n"
  }

  var submitScript: String {
    let array = shellQuoted(scriptDirectory + "/" + Self.arrayName)
    let report = shellQuoted(scriptDirectory + "/" + Self.reportName)
    return """
      #!/usr/bin/env bash
      # Submits \(tasks) shards of `\(target)` as one array job, then the report as a job that starts only
      # when every shard has succeeded (afterok). If a shard fails, the report never starts: resubmit that
      # shard with `sbatch --array=<i> \(array)` (finished cells are kept), then `sbatch \(report)`.
      # Written by: \(regenerate)
      set -euo pipefail
      array_job=$(sbatch --parsable \(array))
      array_job=${array_job%%;*}  # --parsable prints <id> or <id>;<cluster>
      report_job=$(sbatch --parsable --dependency=afterok:"$array_job" \(report))
      report_job=${report_job%%;*}
      echo "submitted array job $array_job (\(tasks) shards)"
      echo "submitted report job $report_job (starts after every shard succeeds)"
      echo "logs: \(logDirectory)/"

      """
  }

  /// `log`: the file name pattern under `logDirectory` (%x job name, %j job id, %A array job id, %a task).
  func header(job: String, summary: String, extra: [String], log: String) -> String {
    var lines = ["#!/usr/bin/env bash", "# \(summary)", "# Written by: \(regenerate)",
                 "#SBATCH --job-name=\(job)"]
    lines += extra.map { "#SBATCH \($0)" }
    if let partition { lines.append("#SBATCH --partition=\(partition)") }
    if let time { lines.append("#SBATCH --time=\(time)") }
    lines.append("#SBATCH --output=\(logDirectory)/\(log)")  // Slurm does not create the folder: we do
    lines += ["set -euo pipefail", "cd \(shellQuoted(workingDirectory))"]
    return lines.joined(separator: "\n") + "\n"
  }
}

/// `text` as one shell word: unchanged when it is plainly safe, otherwise in single quotes.
func shellQuoted(_ text: String) -> String {
  let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,@+%")
  if !text.isEmpty, text.allSatisfy({ safe.contains($0) }) { return text }
  return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
