import Datasets
import TrainingCore

/// Model selection on a validation split, blind to the test set.
///
/// Trains every candidate configuration without a test set, scores each by its final validation accuracy
/// (a diverged trial scores −1), picks the best (the first on ties), then replays the winner with the
/// test set to report it, and checks that the replay is bit for bit the blind run.
public struct ValidationSelection {
  /// Each candidate's final validation accuracy (−1 if it diverged).
  public let scores: [Double]
  public let chosen: Int
  /// The chosen candidate's run with the test set.
  public let reported: RunResult
  public let divergedTrials: Int

  /// - Parameter streams: the random streams of candidate `i`'s runs.
  public init(candidates: [RunConfiguration], train: Dataset, test: Dataset,
              streams: (Int) -> RunStreams) throws {
    func run(_ index: Int, blind: Bool) throws -> RunResult {
      let configuration = candidates[index], streams = streams(index)
      var data = try TrainingData(configuration, train: train, test: test, streams: streams)
      if blind { data.test = nil }
      return try Trainer(configuration: configuration, data: data, streams: streams).run()
    }
    let blind = try candidates.indices.map { try run($0, blind: true) }
    scores = blind.map { $0.status == .ok ? $0.epochs.last?.validationAccuracy ?? -1 : -1 }
    chosen = scores.firstIndex(of: scores.max()!)!
    reported = try run(chosen, blind: false)
    divergedTrials = blind.filter { $0.status != .ok }.count
    guard reported.epochs.map(\.validationAccuracy) == blind[chosen].epochs.map(\.validationAccuracy) else {
      throw ReplayMismatch(candidate: chosen)
    }
  }

  public struct ReplayMismatch: Error, CustomStringConvertible {
    public let candidate: Int
    public var description: String { "candidate \(candidate) did not replay identically" }
  }
}
