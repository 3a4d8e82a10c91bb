import Datasets
import Foundation
import Harness
import Statistics
import Testing
import TrainingCore
import _TestSupport

/// The extension points the further claims use: an experiment that computes its own cells
/// (`Experiment.runCell`), lower-is-better probes (`Metric.lowerProbe`) and the validation split.
@Suite(.serialized) struct CustomCellTests {
  /// Each cell "measures" an error that depends on the arm and seed only, without training.
  struct ErrorExperiment: Experiment {
    let id = "custom"
    let title = "custom cells"
    let claim = "The small arm has the smaller error."
    let source = "a test"
    let subClaims: [SubClaim] = [
      SubClaim("a", "small beats large on error", rules: [.beats("small", ["large"], metric: .lowerProbe("error"))]),
    ]
    func seedCount(for profile: Profile) -> Int { 6 }
    func arms(for profile: Profile) -> [Arm] {
      let c = RunConfiguration(network: NetworkSpec(hidden: [4], activation: .relu, initializer: .heNormal),
                               optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 10, epochs: 1)
      return [Arm("small", c), Arm("large", c)]
    }
    func runCell(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> CellOutcome? {
      let noise = RandomStream(id, arm.name, "seed-\(seed)", "noise").gaussian() * 0.1
      let error = (arm.name == "small" ? 1.0 : 2.0) + noise
      let epoch = EpochRecord(epoch: 1, trainLoss: error, trainAccuracy: .nan, testLoss: error, testAccuracy: .nan,
                              learningRate: 0.1)
      return CellOutcome(epochs: [epoch], probes: ["error": error])
    }
  }

  @Test func customCellsAreRecordedAndDecidedLowerIsBetter() throws {
    let data = try makeTemporaryDirectory("custom-data")
    try writeSyntheticFashionMNIST(to: data)
    let out = try makeTemporaryDirectory("custom-out")
    let runner = Runner(options: .init(outputRoot: out, jobs: 2, dataDirectory: data), log: { _ in })
    let tables = try runner.run([ExperimentPlan(ErrorExperiment(), profile: .quick)])
    let table = try #require(tables.first)
    #expect(table.cells.count == 12)
    #expect(table.verdict.kind == .reproduced)
    let finals = try String(contentsOfFile: "\(out)/custom/finals.csv", encoding: .utf8)
    #expect(finals.split(separator: "\n").first?.hasSuffix(",error") == true)
    // The same cells with the opposite claim must fail: the direction comes from lowerProbe.
    let reversed = VerdictBuilder(experimentID: "custom", cells: table.cells, metrics: [.probe("error")])
      .verdict(for: [SubClaim("b", "reversed", rules: [.beats("small", ["large"], metric: .probe("error"))])])
    #expect(reversed.kind == .contradicted)
  }

  @Test func lowerProbeIsLowerIsBetterAndReadsTheProbe() {
    #expect(!Metric.lowerProbe("test_rmse").higherIsBetter)
    #expect(Metric.probe("test_rmse").higherIsBetter)
    #expect(Metric.lowerProbe("test_rmse").description == "test_rmse")
  }

  /// The split is disjoint from the training subset, the same for every arm of a seed, reported each
  /// epoch, and absent (with no extra CSV columns) when not asked for.
  @Test func validationSplitIsHeldOutAndReported() throws {
    let stream = RandomStream("tests", "validation-data")
    let count = 300
    let features = (0..<(count * 8)).map { _ in Float(stream.gaussian()) }
    // Label = example index mod 3, and feature 7 carries the index, so examples can be identified.
    var tagged = features
    for row in 0..<count { tagged[row * 8 + 7] = Float(row) }
    let labels = (0..<count).map { Int32($0 % 3) }
    let data = Dataset(features: tagged, labels: labels, width: 8, classes: 3)
    var configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: 8, hidden: [8], outputWidth: 3, activation: .relu, initializer: .heNormal),
      optimizer: .sgd, schedule: .fixed(Fixed(base: 0.01)), batchSize: 10, epochs: 2, trainSubset: 60,
      validationSplit: 90)
    let streams = RunStreams(experiment: "v", arm: "a", seed: 0)
    let trainer = try Trainer(configuration: configuration, train: data, test: data, streams: streams)
    let validation = try #require(trainer.validation as? Dataset)
    #expect(validation.count == 90 && trainer.train.count == 60)
    #expect(validation.classCounts() == [30, 30, 30])
    let ids = { (d: any ExampleSet) in Set((0..<d.count).map { d.features[$0 * 8 + 7] }) }
    #expect(ids(validation).isDisjoint(with: ids(trainer.train)))
    let other = try Trainer(configuration: configuration, train: data, test: data,
                            streams: RunStreams(experiment: "v", arm: "b", seed: 0))
    #expect(ids(other.validation!) == ids(validation), "arms of one seed share the split")
    let result = trainer.run()
    #expect(result.epochs.allSatisfy { $0.validationAccuracy != nil && $0.validationLoss != nil })
    configuration.validationSplit = nil
    let plain = try Trainer(configuration: configuration, train: data, test: data, streams: streams)
    #expect(plain.validation == nil)
    #expect(plain.run().epochs.allSatisfy { $0.validationAccuracy == nil })
    configuration.validationSplit = 2
    #expect(throws: ConfigurationError.self) { try configuration.validate() }
  }
}
