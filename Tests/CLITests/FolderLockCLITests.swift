import Foundation
import Testing

extension CLITests {
  /// `tricks run` refuses a folder another process is writing into, naming its pid, as `run --help`
  /// says; and a killed run leaves no lock behind.
  @Suite struct FolderLockCLITests {
    @Test func aRunIntoAFolderLockedByAnotherProcessIsRefusedWithItsPid() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "locked")
      defer { folder.remove() }
      let results = folder.path + "/results"
      try copyFolder(shared.results, to: results)
      // This test process stands for the other run: it holds the lock as `tricks run` does.
      let held = open(results + "/" + SharedRun.experiment, O_RDONLY | O_DIRECTORY)
      try #require(held >= 0 && flock(held, LOCK_EX | LOCK_NB) == 0)
      let before = snapshot(results)

      let refused = try runTricks(SharedRun.quickRun + ["--data", shared.data, "--out", results], in: folder.path)
      close(held)

      #expect(refused.status != 0 && refused.exitedNormally, "\(refused)")
      #expect(refused.errorLines.count == 1, "\(refused)")
      #expect(refused.errorLines.first?.contains("being written by another tricks run (pid \(getpid()))") == true, "\(refused)")
      #expect(snapshot(results) == before, "the refused run changed files")
      let after = try runTricks(SharedRun.quickRun + ["--data", shared.data, "--out", results], in: folder.path)
      #expect(after.status == 0, "once the lock is released the run goes ahead: \(after)")
    }

    @Test func aKilledRunLeavesTheFolderUnlocked() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "killed")
      defer { folder.remove() }
      let results = folder.path + "/results"
      let cells = results + "/\(SharedRun.experiment)/cells"
      let command = ["run", SharedRun.experiment, "--profile", "quick", "--seeds", "3", "--epochs", "1",
                     "--data", shared.data, "--out", results, "--jobs", "1"]
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Paths.tricks)
      process.arguments = command
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      // SIGKILL once its first cell record is on disk (63 cells: it cannot have finished by then).
      while process.isRunning,
            (try? FileManager.default.contentsOfDirectory(atPath: cells))?.contains(where: { $0.hasSuffix(".json") }) != true {
        usleep(20_000)
      }
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      #expect(process.terminationReason == .uncaughtSignal)

      let resumed = try runTricks(command, in: folder.path)
      #expect(resumed.status == 0 && resumed.exitedNormally, "\(resumed)")
      #expect(!resumed.stderr.contains("being written"), "\(resumed)")
    }
  }
}
