import Foundation
import Testing

extension CLITests {
  /// Same seed, profile, BLAS build and thread count: the same bytes, whatever `--jobs`. A different
  /// seed: different bytes (the negative control: a check that cannot tell seeds apart proves nothing).
  @Suite struct DeterminismTests {
    @Test func oneJobAndTwoJobsGiveByteIdenticalTables() throws {
      let shared = try SharedRun.get()  // made with --jobs 2
      let folder = try TemporaryFolder(prefix: "determinism")
      defer { folder.remove() }
      let results = folder.path + "/results"
      // --fresh on a copy: every cell is recomputed (the log says how many), one at a time.
      try copyFolder(shared.results, to: results)
      let outcome = try runTricks(SharedRun.quickRun + ["--data", shared.data, "--out", results, "--jobs", "1",
                                                        "--fresh"], in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      // 15 arms (13 MLP, 2 CNN) x 2 seeds after the tuning rounds.
      #expect(outcome.stderr.contains("running 30 cells on 1 job"), "\(outcome)")

      let expected = tables(shared.experimentFolder)
      let found = tables(results + "/\(SharedRun.experiment)")
      #expect(expected.keys.sorted() == ["curves.csv", "finals.csv", "probes.csv", "significance.csv",
                                         "subclaims.csv", "summary.csv", "tuning.csv", "verdict.md"])
      for (name, bytes) in expected {
        #expect(found[name] == bytes, "\(name) differs between --jobs 1 and --jobs 2")
      }
    }

    @Test func theTwoSeedsOfAnArmGiveDifferentCurves() throws {
      let shared = try SharedRun.get()
      let curves = String(decoding: tables(shared.experimentFolder)["curves.csv"] ?? Data(), as: UTF8.self)
      // arm,seed,epoch,train_loss,...: the numbers after the seed column, per seed, for one arm.
      func numbers(seed: Int) -> [String] {
        curves.split(separator: "\n").filter { $0.hasPrefix("relu-he-d20,\(seed),") }
          .map { $0.split(separator: ",").dropFirst(2).joined(separator: ",") }
      }
      #expect(numbers(seed: 0).count == 1 && numbers(seed: 1).count == 1, "\(curves)")
      #expect(numbers(seed: 0) != numbers(seed: 1))
    }

    @Test func trainWritesTheSameCurveForTheSameSeedAndAnotherForAnotherSeed() throws {
      let shared = try SharedRun.get()
      let folder = try TemporaryFolder(prefix: "train-seed")
      defer { folder.remove() }
      func curve(seed: Int, name: String) throws -> Data {
        let path = folder.path + "/" + name
        let outcome = try runTricks(["train", "--hidden", "32", "--epochs", "2", "--train-subset", "200", "--batch", "20",
                                     "--dropout", "0.2", "--seed", String(seed), "--data", shared.data, "--csv", path],
                                    in: folder.path)
        #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
        return FileManager.default.contents(atPath: path) ?? Data()
      }
      let first = try curve(seed: 0, name: "a.csv")
      #expect(first.count > 60, "a header and two epochs expected")
      #expect(try curve(seed: 0, name: "b.csv") == first)
      #expect(try curve(seed: 1, name: "c.csv") != first)
    }
  }
}
