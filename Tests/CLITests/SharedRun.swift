import Foundation

/// What several CLI tests share, made once per test process: a synthetic data folder and a finished
/// `tricks run init-schemes --profile quick --seeds 2 --epochs 1 --jobs 2` on it.
///
/// The bad-input tests copy the finished results and check that a refused command leaves every byte as
/// it was; the determinism and recovery tests compare their tables with it. The folder stays under the
/// system temporary directory (a few MB) because tests cannot know which of them runs last.
struct SharedRun: Sendable {
  let root: String
  let data: String
  /// `<root>/results`, holding `init-schemes/`.
  let results: String

  static let experiment = "init-schemes"
  /// The quick profile, restricted as the command line can: 2 seeds, 1 epoch.
  static let quickRun = ["run", experiment, "--profile", "quick", "--seeds", "2", "--epochs", "1"]

  var experimentFolder: String { results + "/" + Self.experiment }

  /// Made on first use (Swift runs a static initializer once, even under concurrent tests).
  static let made: Result<SharedRun, SetupError> = {
    do {
      let root = try TemporaryFolder(prefix: "shared").path
      let data = root + "/data", results = root + "/results"
      try SyntheticData.write(to: data)
      let outcome = try runTricks(quickRun + ["--data", data, "--out", results, "--jobs", "2"], in: root)
      guard outcome.status == 0, outcome.exitedNormally else {
        return .failure(SetupError("the shared run failed: \(outcome)"))
      }
      return .success(SharedRun(root: root, data: data, results: results))
    } catch let error as SetupError {
      return .failure(error)
    } catch {
      return .failure(SetupError("\(error)"))
    }
  }()

  static func get() throws -> SharedRun { try made.get() }
}

/// Copies a folder (the shared results) so a test can change or compare its own copy.
func copyFolder(_ source: String, to destination: String) throws {
  try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: destination).deletingLastPathComponent().path,
                                          withIntermediateDirectories: true)
  try FileManager.default.copyItem(atPath: source, toPath: destination)
}
