import Datasets
import Statistics
import Testing
import _TestSupport
import TrainingCore

/// `EarlyStopping`, `NetworkSnapshot` and the trainer's early stopping: when it stops, which epoch it
/// keeps, and that the network it leaves behind is exactly that epoch's.
@Suite struct EarlyStoppingTests {
  @Test func stopsAfterPatienceEpochsWithoutAStrictImprovement() {
    var stopping = EarlyStopping(patience: 3)
    let accuracies = [0.50, 0.60, 0.60, 0.55, 0.58, 0.70]
    var stoppedAfter: Int?
    var news: [Bool] = []
    for (index, accuracy) in accuracies.enumerated() {
      news.append(stopping.observe(epoch: index + 1, validationAccuracy: accuracy))
      if stopping.shouldStop(after: index + 1) {
        stoppedAfter = index + 1
        break
      }
    }
    #expect(news == [true, true, false, false, false], "a tie (epoch 3) is no improvement")
    #expect(stopping.bestEpoch == 2 && stopping.bestAccuracy == 0.60)
    #expect(stoppedAfter == 5, "epochs 3, 4, 5 without a new best")
  }

  @Test func snapshotRestoresParametersAndBatchNormStatistics() {
    let spec = NetworkSpec(inputWidth: 6, hidden: [5], outputWidth: 3, activation: .prelu,
                           initializer: .heNormal, normalization: .batchNorm)
    let network = Network<Float>(spec, initialization: RandomStream("tests", "snapshot"), dropout: RandomStream("d"))
    let norm = network.layers.compactMap { $0 as? BatchNorm<Float> }.first!
    norm.runningMean.fill(0.3)
    let snapshot = NetworkSnapshot(of: network)
    snapshot.save()
    let before = network.parameters.map(\.value.values) + [norm.runningMean.values, norm.runningVariance.values]
    for parameter in network.parameters { parameter.value.fill(7) }
    norm.runningMean.fill(-1)
    norm.runningVariance.fill(9)
    snapshot.restore()
    let after = network.parameters.map(\.value.values) + [norm.runningMean.values, norm.runningVariance.values]
    #expect(after == before)
  }


  static func configuration(patience: Int?) -> RunConfiguration {
    RunConfiguration(
      network: NetworkSpec(inputWidth: 8, hidden: [64, 64], outputWidth: 3, activation: .relu, initializer: .heNormal),
      optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)), batchSize: 10,
      epochs: 60, trainSubset: 100, validationSplit: 300, earlyStoppingPatience: patience)
  }

  @Test func keepsTheBestValidationEpochAndLeavesItsWeights() throws {
    let data = noisyThreeClassData("early-stopping-data")
    let patience = 4
    let trainer = try Trainer(configuration: Self.configuration(patience: patience), train: data, test: data,
                              streams: RunStreams(experiment: "tests", arm: "early-stopping", seed: 0))
    let result = trainer.run()
    let selected = try #require(result.selectedEpoch)
    let accuracies = result.epochs.map { $0.validationAccuracy! }
    #expect(selected == accuracies.firstIndex(of: accuracies.max()!)! + 1, "the first epoch of highest accuracy")
    #expect(result.epochs.count == selected + patience, "stopped \(patience) epochs after the best")
    #expect(result.epochs.count < 60, "this noisy task should stop early")
    // The network now computes exactly what it computed after the selected epoch.
    let kept = result.epochs[selected - 1]
    let validation = trainer.evaluate(try #require(trainer.validation))
    #expect(validation.accuracy == kept.validationAccuracy && validation.loss == kept.validationLoss)
    let test = trainer.evaluate(data)
    #expect(test.accuracy == kept.testAccuracy && test.loss == kept.testLoss)
    #expect(test.loss != result.epochs.last!.testLoss, "the last epoch's weights are not the ones kept")
  }

  /// Early stopping changes nothing before it stops: the epochs both runs trained are identical, and a
  /// run without it reports no selected epoch.
  @Test func earlyStoppingOnlyCutsTheSameTrajectory() throws {
    let data = noisyThreeClassData("early-stopping-data")
    func run(_ patience: Int?) throws -> RunResult {
      try Trainer(configuration: Self.configuration(patience: patience), train: data, test: data,
                  streams: RunStreams(experiment: "tests", arm: "early-stopping", seed: 1)).run()
    }
    let stopped = try run(3), full = try run(nil)
    #expect(full.selectedEpoch == nil && full.epochs.count == 60)
    #expect(Array(full.epochs.prefix(stopped.epochs.count)) == stopped.epochs)
  }

  @Test func badEarlyStoppingSettingsAreRefused() {
    var configuration = Self.configuration(patience: 0)
    #expect(throws: ConfigurationError.self) { try configuration.validate() }
    configuration.earlyStoppingPatience = 2
    configuration.validationSplit = nil
    #expect(throws: ConfigurationError.self) { try configuration.validate() }
    configuration.validationSplit = 300
    #expect(throws: Never.self) { try configuration.validate() }
  }

  /// Testing only the selected epoch changes no reported number: the selected epoch's test metrics, every
  /// epoch's validation and training metrics, and the trajectory are those of a run that tests every
  /// epoch; only the other epochs' test columns are NaN.
  @Test func testingOnlyTheSelectedEpochReportsTheSameNumbers() throws {
    let data = noisyThreeClassData("early-stopping-data")
    func run(_ evaluation: TestEvaluation?) throws -> RunResult {
      var configuration = Self.configuration(patience: 3)
      configuration.testEvaluation = evaluation
      return try Trainer(configuration: configuration, train: data, test: data,
                         streams: RunStreams(experiment: "tests", arm: "early-stopping", seed: 2)).run()
    }
    let every = try run(nil), once = try run(.selectedEpochOnly)
    let selected = try #require(once.selectedEpoch)
    #expect(every.selectedEpoch == selected && every.epochs.count == once.epochs.count)
    for (a, b) in zip(every.epochs, once.epochs) {
      #expect(a.trainLoss == b.trainLoss && a.validationAccuracy == b.validationAccuracy
              && a.validationLoss == b.validationLoss && a.learningRate == b.learningRate)
      if a.epoch == selected {
        #expect(a.testAccuracy == b.testAccuracy && a.testLoss == b.testLoss)
      } else {
        #expect(b.testAccuracy.isNaN && b.testLoss.isNaN)
      }
    }
    var configuration = Self.configuration(patience: nil)
    configuration.testEvaluation = .selectedEpochOnly
    #expect(throws: ConfigurationError.self, "no selected epoch without early stopping") { try configuration.validate() }
  }
}

