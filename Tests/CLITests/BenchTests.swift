import Foundation
import Testing
@testable import tricks

extension CLITests {
  /// `tricks bench --json` on a small synthetic set: one row per network and thread count, with the epoch
  /// medians and the quiet-chunk figure (the fastest 10% of 20-step chunks) filled in, and the core-to-core
  /// round trips on the two-thread row only.
  @Suite struct BenchTests {
    struct Output: Decodable {
      var core: String
      var rows: [BenchCommand.Row]
    }

    @Test func jsonRowsCarryEpochAndQuietChunkRates() throws {
      let folder = try TemporaryFolder(prefix: "bench")
      defer { folder.remove() }
      try SyntheticData.write(to: folder.path, train: 6000, test: 200)  // 46 steps of 128: chunks at 0, 20, 40
      let outcome = try runTricks(["bench", "--data", folder.path, "--only", "mlp-256x2-relu-dropout",
                                   "--threads", "1,2", "--epochs", "2", "--json", "--allow-debug-build"], in: folder.path)
      #expect(outcome.status == 0 && outcome.exitedNormally, "\(outcome)")
      let output = try JSONDecoder().decode(Output.self, from: Data(outcome.stdout.utf8))
      #expect(output.rows.map(\.network) == ["mlp-256x2-relu-dropout0.5", "mlp-256x2-relu-dropout0.5"])
      #expect(output.rows.map(\.threads) == [1, 2])
      #expect(output.rows.first?.coreRoundTripNanosecondsMin == nil)
      let twoThreads = try #require(output.rows.last)
      let fastest = try #require(twoThreads.coreRoundTripNanosecondsMin)
      let slowest = try #require(twoThreads.coreRoundTripNanosecondsMax)
      #expect(fastest > 0 && fastest <= slowest && slowest < 1e6, "\(fastest)–\(slowest) ns")
      for row in output.rows {
        #expect(row.samplesPerSecondMin > 0 && row.samplesPerSecondMin <= row.samplesPerSecondMedian
                && row.samplesPerSecondMedian <= row.samplesPerSecondMax && row.sgemmPeakGflops > 0)
        // A chunk is 20 of an epoch's 46 steps: the fastest chunks run at least at about the epoch rate
        // and not wildly faster.
        #expect(row.samplesPerSecondQuietChunks > 0.5 * row.samplesPerSecondMin
                && row.samplesPerSecondQuietChunks < 5 * row.samplesPerSecondMax, "\(row)")
      }
    }
  }
}
