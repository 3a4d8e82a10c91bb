import Foundation
import Harness
import Statistics
import Testing
import _TestSupport

/// Sharded runs: which cells a shard owns, that shards together equal one whole run, and what a report
/// of an incomplete set of shards says.
@Suite(.serialized) struct ShardTests {
  let data: String

  init() throws {
    data = try makeTemporaryDirectory("shard-data")
    try writeSyntheticFashionMNIST(to: data)
  }

  func runner(_ out: String, shard: Shard? = nil, fresh: Bool = false) -> Runner {
    Runner(options: .init(outputRoot: out, jobs: 2, fresh: fresh, dataDirectory: data, command: "tricks run tiny",
                          shard: shard), log: { _ in })
  }

  static let tables = ["curves.csv", "finals.csv", "summary.csv", "significance.csv", "probes.csv", "verdict.md"]

  // MARK: - Assignment

  /// FNV-1a's published test vectors (Fowler, Noll, Vo), so the hash cannot drift unnoticed.
  @Test func fnv1aMatchesThePublishedTestVectors() {
    #expect(RandomStream.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
    #expect(RandomStream.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
    #expect(RandomStream.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
  }

  /// Expected shards computed outside Swift (a five-line Python FNV-1a over the same names, mod n, + 1):
  /// if these change, every cluster's shards change, and half-finished sharded runs would mix up.
  @Test(arguments: [("normal", 0, [1, 1, 1]), ("normal", 1, [2, 2, 4]),
                    ("diverging", 0, [1, 3, 1]), ("diverging", 1, [2, 1, 4])])
  func shardOfACellIsPinned(arm: String, seed: Int, expected: [Int]) {
    #expect(Shard.name(experiment: "tiny", arm: arm, seed: seed) == "tiny/\(arm)/seed-\(seed)")
    let actual = [2, 3, 4].map { Shard.index(experiment: "tiny", arm: arm, seed: seed, count: $0) }
    #expect(actual == expected)
  }

  @Test(arguments: [1, 2, 3, 4, 7, 16])
  func shardsPartitionTheCells(count: Int) {
    let names = (0..<50).flatMap { seed in ["he", "xavier", "zero"].map { ("exp", $0, seed) } }
    for (experiment, arm, seed) in names {
      let owners = (1...count).filter { Shard(index: $0, count: count).contains(experiment: experiment, arm: arm, seed: seed) }
      #expect(owners.count == 1, "\(experiment)/\(arm)/seed-\(seed) is in shards \(owners) of \(count)")
    }
  }

  @Test(arguments: [("2/4", 2, 4), ("1/1", 1, 1), ("10/10", 10, 10)])
  func parsesIndexOverCount(text: String, index: Int, count: Int) throws {
    let shard = try Shard(parsing: text)
    #expect(shard.index == index && shard.count == count && shard.description == text)
  }

  @Test(arguments: [("0/4", "between 1 and 4"), ("5/4", "between 1 and 4"), ("1/0", "at least 1"),
                    ("garbage", "not of the form i/n"), ("1/2/3", "not of the form i/n"), ("/4", "not of the form i/n"),
                    ("-1/4", "between 1 and 4"), ("", "not of the form i/n")])
  func rejectsBadShardsSayingWhy(text: String, reason: String) {
    #expect { try Shard(parsing: text) } throws: { "\($0)".contains(reason) }
  }

  // MARK: - Sharded runs

  @Test func shardsThenReportEqualOneWholeRun() throws {
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    let whole = try makeTemporaryDirectory("whole"), sharded = try makeTemporaryDirectory("sharded")
    try runner(whole).run([plan])
    for index in 1...3 {
      let tables = try runner(sharded, shard: Shard(index: index, count: 3)).run([plan])
      #expect(tables.isEmpty, "a shard returns no tables")
      for name in Self.tables {
        #expect(!FileManager.default.fileExists(atPath: "\(sharded)/tiny/\(name)"), "shard \(index) wrote \(name)")
      }
    }
    let manifest = try String(contentsOfFile: "\(sharded)/tiny/manifest.json", encoding: .utf8)
    #expect(manifest.contains("pending"), "before the report the manifest claims no verdict")
    _ = try runner(sharded).report([plan])
    for name in Self.tables {
      let a = FileManager.default.contents(atPath: "\(whole)/tiny/\(name)")
      let b = FileManager.default.contents(atPath: "\(sharded)/tiny/\(name)")
      #expect(a != nil && a == b, "\(name) differs between the whole run and the merged shards")
    }
  }

  @Test func aShardRunsOnlyItsOwnCells() throws {
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    let out = try makeTemporaryDirectory("own")
    try runner(out, shard: Shard(index: 4, count: 4)).run([plan])
    let files = try FileManager.default.contentsOfDirectory(atPath: "\(out)/tiny/cells").sorted()
    #expect(files == ["diverging__seed-1.json", "normal__seed-1.json"])  // as pinned above for 4 shards
    // Shards 2 and 3 of 4 own no cell of this tiny experiment; running one is a no-op, not an error.
    try runner(out, shard: Shard(index: 2, count: 4)).run([plan])
    #expect(try FileManager.default.contentsOfDirectory(atPath: "\(out)/tiny/cells").count == 2)
  }

  @Test func aShardRefusesResultsOfOtherOverrides() throws {
    let out = try makeTemporaryDirectory("shard-mix")
    try runner(out, shard: Shard(index: 1, count: 2)).run([ExperimentPlan(TinyExperiment(), profile: .quick)])
    let other = ExperimentPlan(TinyExperiment(), profile: .quick, overrides: Overrides(epochs: 1))
    #expect { try runner(out, shard: Shard(index: 2, count: 2)).run([other]) } throws: {
      guard case .otherSettings(_, let stored, let requested) = $0 as? ResultsFolderError else { return false }
      return stored.overrides.epochs == nil && requested.overrides.epochs == 1
    }
  }

  @Test func freshWithShardIsRefused() throws {
    let out = try makeTemporaryDirectory("shard-fresh")
    #expect(throws: ResultsFolderError.freshWithShard) {
      try runner(out, shard: Shard(index: 1, count: 2), fresh: true).run([ExperimentPlan(TinyExperiment(), profile: .quick)])
    }
  }

  @Test func reportListsTheMissingCells() throws {
    let plan = ExperimentPlan(TinyExperiment(), profile: .quick)
    let out = try makeTemporaryDirectory("missing")
    try runner(out, shard: Shard(index: 1, count: 2)).run([plan])  // normal/0 and diverging/0
    let tables = try #require(try runner(out).report([plan]).first)
    #expect(tables.missingCells.map { "\($0.arm.name)/\($0.seed)" } == ["normal/1", "diverging/1"])
    let verdict = try String(contentsOfFile: "\(out)/tiny/verdict.md", encoding: .utf8)
    #expect(verdict.contains("2 of 4 runs finished"))
    #expect(verdict.contains("## Missing runs\n\n2 of 4 runs have no record"))
    #expect(verdict.contains("- normal, seed 1\n- diverging, seed 1\n"))
    #expect(!verdict.contains("seed 0\n"), "finished cells are not listed as missing")
  }

  @Test func aCompleteRunListsNoMissingRuns() throws {
    let out = try makeTemporaryDirectory("complete")
    let tables = try #require(try runner(out).run([ExperimentPlan(TinyExperiment(), profile: .quick)]).first)
    #expect(tables.missingCells.isEmpty)
    #expect(!(try String(contentsOfFile: "\(out)/tiny/verdict.md", encoding: .utf8)).contains("Missing runs"))
  }

  @Test func createExclusivelyLetsOneWriterWin() throws {
    let path = try makeTemporaryDirectory("exclusive") + "/manifest.json"
    #expect(try FileStore.createExclusively(Data("first".utf8), at: path))
    #expect(try !FileStore.createExclusively(Data("second".utf8), at: path))
    #expect(FileManager.default.contents(atPath: path) == Data("first".utf8))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent)
    #expect(leftovers == ["manifest.json"], "no temp file is left behind")
  }
}
