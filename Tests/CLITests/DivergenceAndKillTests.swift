import Foundation
import Testing

extension CLITests {
  /// A run whose loss blows up is reported as diverged, with where, and is not a crash.
  @Suite struct TrainDivergenceTests {
    @Test func aHugeLearningRateIsReportedAsDivergedWithEpochAndStep() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "diverge")
      defer { folder.remove() }
      let outcome = try runTricks(["train", "--lr", "1e6", "--optimizer", "sgd", "--hidden", "32", "--epochs", "2",
                                   "--train-subset", "200", "--batch", "20", "--data", shared.data,
                                   "--csv", folder.path + "/curve.csv"], in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally && !outcome.hasCrashReport, "\(outcome)")
      #expect(outcome.stdout.contains("status=diverged"), "\(outcome)")
      let line = try #require(outcome.stderr.split(separator: "\n").first { $0.hasPrefix("diverged:") }, "\(outcome)")
      // "diverged: the loss became NaN or infinite at epoch E, step S": a step of the first epoch (10 steps).
      let match = try #require(line.firstMatch(of: /at epoch (\d+), step (\d+)/))
      #expect(Int(match.1) == 1)
      #expect((1...10).contains(Int(match.2) ?? 0))
    }

    @Test func aNormalLearningRateIsNotReportedAsDiverged() throws {  // the negative control
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "no-diverge")
      defer { folder.remove() }
      let outcome = try runTricks(["train", "--lr", "0.05", "--optimizer", "sgd", "--hidden", "32", "--epochs", "2",
                                   "--train-subset", "200", "--batch", "20", "--data", shared.data], in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.stdout.contains("status=ok") && !outcome.stderr.contains("diverged"), "\(outcome)")
    }
  }

  /// Tests/Scripts/kill-resume.sh: `tricks all --profile quick` killed at 24 seeded random moments (SIGINT
  /// and SIGTERM among them), each followed by a resume; the tables must end byte-identical to an
  /// uninterrupted run's, with no temp file left. It uses a 6,000-image slice of the installed
  /// Fashion-MNIST (about 3 minutes with the debug binary).
  @Suite(.enabled(if: Paths.realDataInstalled,
                  "Fashion-MNIST is not installed at /usr/share/datasets/fashion-mnist: apt-get install dataset-fashion-mnist"))
  struct KillResumeTests {
    @Test func killedAndResumedRunsEndWithTheTablesOfAnUninterruptedRun() throws {
      let folder = try TemporaryFolder(prefix: "kill-resume")
      defer { folder.remove() }
      let outcome = try runProcess("/bin/bash", [Paths.scripts + "/kill-resume.sh"], in: folder.path,
                                   environment: ["TRICKS": Paths.tricks, "TMPDIR": folder.path])
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.stdout.contains("kill-resume: OK"), "\(outcome)")
    }
  }
}
