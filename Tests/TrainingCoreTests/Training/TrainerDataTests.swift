import Datasets
import Statistics
import Testing
import _TestSupport
@testable import TrainingCore

/// The one trainer over other data than Fashion-MNIST batches: a regression, a fixed full batch, and the
/// measuring options the sanity checks use.
@Suite struct TrainerDataTests {
  static func regression() -> (train: RegressionSet, test: RegressionSet) {
    TeacherRegression().make(trainCount: 200, testCount: 100, outlierFraction: 0) { RandomStream("tests", "teacher", $0) }
  }

  static func configuration(loss: LossSpec = .l2, weightDecay: Double = 0, clip: Double? = nil) -> RunConfiguration {
    RunConfiguration(
      network: NetworkSpec(inputWidth: 10, hidden: [16], outputWidth: 1, activation: .relu, initializer: .heNormal),
      loss: loss, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), schedule: .fixed(Fixed(base: 3e-3)),
      weightDecay: weightDecay, gradientClipNorm: clip, batchSize: 20, epochs: 10)
  }

  static func run(_ configuration: RunConfiguration) throws -> RunResult {
    let (train, test) = regression()
    return try Trainer(configuration: configuration, data: TrainingData(train: train, test: test),
                       streams: RunStreams(experiment: "tests", arm: "regression", seed: 0)).run()
  }

  @Test func aRegressionTrainsWithItsOwnLossAndHasNoAccuracy() throws {
    for loss in [LossSpec.l1, .l2] {
      let result = try Self.run(Self.configuration(loss: loss))
      #expect(result.status == .ok)
      let first = try #require(result.epochs.first), last = try #require(result.epochs.last)
      #expect(last.testLoss < first.testLoss && last.trainLoss < first.trainLoss, "\(loss) learns")
      #expect(result.epochs.allSatisfy { $0.trainAccuracy.isNaN && $0.testAccuracy.isNaN })
    }
  }

  /// Weight decay and clipping go through the one update path, so they change a regression run too.
  @Test func weightDecayAndClippingApplyToARegression() throws {
    let plain = try Self.run(Self.configuration()).epochs.map(\.testLoss)
    #expect(try Self.run(Self.configuration()).epochs.map(\.testLoss) == plain, "same bytes run to run")
    #expect(try Self.run(Self.configuration(weightDecay: 0.1)).epochs.map(\.testLoss) != plain)
    #expect(try Self.run(Self.configuration(clip: 0.01)).epochs.map(\.testLoss) != plain)
  }

  /// A batch that is the whole set keeps its order (every order holds the same examples; one order keeps
  /// the sums in one order), while a smaller batch gets a fresh order each epoch.
  @Test func aFullBatchIsNotShuffled() throws {
    let data = noisyThreeClassData("full-batch").subset(indices: Array(0..<30))
    func order(batch: Int) throws -> [Int] {
      let configuration = RunConfiguration(
        network: NetworkSpec(inputWidth: 8, hidden: [8], outputWidth: 3, activation: .relu, initializer: .heNormal),
        optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: batch, epochs: 3)
      let trainer = try Trainer(configuration: configuration, data: TrainingData(train: data),
                                streams: RunStreams(experiment: "tests", arm: "full-batch", seed: 0))
      #expect(trainer.run().status == .ok)
      return trainer.batches.order
    }
    #expect(try order(batch: 30) == Array(0..<30))
    #expect(try order(batch: 10) != Array(0..<30))
  }

  /// Recording every k-th epoch from a pass over the training set: records at k, 2k, ... and the last,
  /// each the inference-phase loss of the whole set, and no test columns without a test set.
  @Test func recordsEveryKthEpochFromAPassOverTheTrainingSet() throws {
    let set = noisyThreeClassData("record-every").subset(indices: Array(0..<12))
    var data = TrainingData(train: set)
    data.recordEvery = 3
    data.measuresTrainingSet = true
    let configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 8, hidden: [8], outputWidth: 3, activation: .relu, initializer: .heNormal),
      optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 12, epochs: 7)
    let trainer = try Trainer(configuration: configuration, data: data,
                              streams: RunStreams(experiment: "tests", arm: "record-every", seed: 0))
    let result = trainer.run()
    #expect(result.epochs.map(\.epoch) == [3, 6, 7])
    #expect(result.epochs.allSatisfy { $0.testLoss.isNaN && $0.testAccuracy.isNaN })
    let last = try #require(result.epochs.last)
    #expect((last.trainLoss, last.trainAccuracy) == trainer.evaluate(set))
  }
}
