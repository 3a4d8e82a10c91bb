import Foundation
import Testing

extension CLITests {
  /// `tricks report` rebuilds a folder with the profile, seeds and epochs it was made with, as its
  /// manifests record them, without being told (it used to assume `full` and refuse a `quick` folder).
  @Suite struct ReportProfileTests {
    @Test(arguments: [[], [SharedRun.experiment], ["--profile", "quick"], ["--seeds", "2", "--epochs", "1"]])
    func reportRebuildsAQuickFolderWithoutBeingToldItsProfile(_ extra: [String]) throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "report-profile")
      defer { folder.remove() }
      let results = folder.path + "/results"
      try copyFolder(shared.results, to: results)
      let experiment = results + "/" + SharedRun.experiment
      let expected = tables(shared.experimentFolder)
      for name in expected.keys { try FileManager.default.removeItem(atPath: experiment + "/" + name) }

      let outcome = try runTricks(["report"] + extra + ["--out", results], in: folder.path)

      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      #expect(outcome.stdout.contains("\(SharedRun.experiment): "), "\(outcome)")
      #expect(!expected.isEmpty)
      #expect(tables(experiment) == expected, "the rebuilt tables differ from the run's")
      let manifest = try String(contentsOfFile: experiment + "/manifest.json", encoding: .utf8)
      #expect(manifest.contains(#""profile" : "quick""#), "\(manifest)")
    }
  }
}
