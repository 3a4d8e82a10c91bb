import Testing
@testable import tricks

/// The scripts `tricks slurm` writes: array range, shard arithmetic, dependency, and stable bytes.
@Suite struct SlurmScriptsTests {
  func scripts(target: String = "init-schemes", tasks: Int = 4, partition: String? = "debug",
               time: String? = "1:00:00") -> SlurmScripts {
    SlurmScripts(executable: "/opt/tricks/bin/tricks", workingDirectory: "/home/me/TrainingTricks",
                 scriptDirectory: "/home/me/TrainingTricks/scratch/slurm/\(target)", target: target,
                 ids: target == "all" ? ["a", "b"] : [target],
                 experimentArguments: ["--profile", "quick", "--seeds", "2", "--out", "results dir"],
                 tasks: tasks, partition: partition, time: time, cpusPerTask: 2)
  }

  @Test func arrayScriptRunsOneShardPerTask() {
    let text = scripts().arrayScript
    for line in ["#SBATCH --array=1-4", "#SBATCH --cpus-per-task=2", "#SBATCH --partition=debug",
                 "#SBATCH --time=1:00:00", "#SBATCH --job-name=tricks-init-schemes",
                 "#SBATCH --output=/home/me/TrainingTricks/scratch/slurm/init-schemes/logs/%x-%A_%a.out",
                 "cd /home/me/TrainingTricks",
                 "exec /opt/tricks/bin/tricks run init-schemes --profile quick --seeds 2 --out 'results dir' "
                   + "--jobs \"${SLURM_CPUS_PER_TASK:-1}\" --shard \"${SLURM_ARRAY_TASK_ID}/4\""] {
      #expect(text.contains(line + "\n"), "missing line: \(line)\n\(text)")
    }
    #expect(text.hasPrefix("#!/usr/bin/env bash\n"))
    // sbatch stops reading #SBATCH lines at the first command, so they must all come before `set`.
    let lines = text.split(separator: "\n")
    let lastDirective = lines.lastIndex { $0.hasPrefix("#SBATCH") }!, firstCommand = lines.firstIndex { !$0.hasPrefix("#") }!
    #expect(lastDirective < firstCommand)
  }

  @Test func allRunsTheWholeSuiteAndReportsEveryExperiment() {
    let s = scripts(target: "all", tasks: 16)
    #expect(s.arrayScript.contains("#SBATCH --array=1-16\n"))
    #expect(s.arrayScript.contains("exec /opt/tricks/bin/tricks all --profile quick"))
    #expect(s.arrayScript.contains("--shard \"${SLURM_ARRAY_TASK_ID}/16\"\n"))
    #expect(s.reportScript.contains("exec /opt/tricks/bin/tricks report a b --profile quick --seeds 2 --out 'results dir'\n"))
  }

  @Test func submitScriptMakesTheReportDependOnEveryShard() {
    let text = scripts().submitScript
    #expect(text.contains("array_job=$(sbatch --parsable /home/me/TrainingTricks/scratch/slurm/init-schemes/array.sbatch)\n"))
    #expect(text.contains("array_job=${array_job%%;*}"))
    #expect(text.contains("report_job=$(sbatch --parsable --dependency=afterok:\"$array_job\" "
      + "/home/me/TrainingTricks/scratch/slurm/init-schemes/report.sbatch)\n"))
    #expect(text.contains("set -euo pipefail\n"))
  }

  @Test func optionalDirectivesAreLeftOutWhenNotGiven() {
    let text = scripts(partition: nil, time: nil).arrayScript
    #expect(!text.contains("--partition") && !text.contains("--time"))
  }

  /// Pinned whole, as argument-parser pins `--help`: any change to what the jobs run shows up here.
  @Test func reportScriptIsPinned() {
    #expect(scripts().reportScript == """
      #!/usr/bin/env bash
      # Merges the shards' cells into tables and verdicts.
      # Written by: tricks slurm init-schemes --tasks 4 --partition debug --time 1:00:00 --cpus-per-task 2 \
      --profile quick --seeds 2 --out 'results dir'
      #SBATCH --job-name=tricks-init-schemes-report
      #SBATCH --cpus-per-task=1
      #SBATCH --partition=debug
      #SBATCH --time=1:00:00
      #SBATCH --output=/home/me/TrainingTricks/scratch/slurm/init-schemes/logs/%x-%j.out
      set -euo pipefail
      cd /home/me/TrainingTricks
      exec /opt/tricks/bin/tricks report init-schemes --profile quick --seeds 2 --out 'results dir'

      """)
  }

  @Test func sameRequestSameBytes() {
    #expect(scripts().files.map(\.text) == scripts().files.map(\.text))
    #expect(scripts().files.map(\.name) == ["array.sbatch", "report.sbatch", "submit.sh"])
    #expect(scripts(tasks: 3).arrayScript != scripts(tasks: 4).arrayScript)
  }

  @Test(arguments: [("plain/path-1.0", "plain/path-1.0"), ("has space", "'has space'"), ("it's", "'it'\\''s'"),
                    ("", "''"), ("$HOME", "'$HOME'")])
  func shellQuotingKeepsOneWord(text: String, quoted: String) {
    #expect(shellQuoted(text) == quoted)
  }
}
