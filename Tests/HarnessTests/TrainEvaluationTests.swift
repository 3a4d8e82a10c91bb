import Datasets
import Statistics
import Testing
@testable import Harness
import TrainingCore

/// `ProbeKind.trainEvaluation` and `Metric.inferenceTrainTestGap`: the train-test gap measured on the
/// network that is tested (inference phase), not on the dropout-thinned networks of the training phase.
@Suite struct TrainEvaluationTests {
  struct DropoutExperiment: Experiment {
    let id = "train-evaluation-test"
    let title = "train evaluation test"
    let claim = "none"
    let source = "a test"
    let subClaims: [SubClaim] = []
    let probes: [ProbeKind] = [.trainEvaluation]
    func arms(for profile: Profile) -> [Arm] {
      [Arm("dropout", RunConfiguration(
        network: NetworkSpec(inputWidth: 8, hidden: [16], outputWidth: 3, activation: .relu,
                             initializer: .heNormal, dropout: 0.5),
        optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 8, epochs: 20))]
    }
    func seedCount(for profile: Profile) -> Int { 2 }
  }

  /// 64 Gaussian examples labelled by which of their first 3 features is largest (learnable).
  static func data() -> Dataset {
    let stream = RandomStream("tests", "train-evaluation")
    let features = (0..<(64 * 8)).map { _ in Float(stream.gaussian()) }
    let labels: [Int32] = (0..<64).map { (row: Int) -> Int32 in
      let first = Array(features[(row * 8)..<(row * 8 + 3)])
      return Int32(first.firstIndex(of: first.max()!)!)
    }
    return Dataset(features: features, labels: labels, width: 8, classes: 3)
  }

  /// Oracle: when the training set *is* the test set, the inference-phase training accuracy must equal
  /// the final test accuracy exactly, so the inference gap is 0; the running training-phase accuracy
  /// (dropout on) is a different number.
  @Test func inferenceGapIsZeroWhenTrainingOnTheTestSet() throws {
    let plan = ExperimentPlan(DropoutExperiment(), profile: .quick)
    let data = Self.data()
    let record = try Runner.runCell(plan, plan.cells[0], train: data, test: data)
    let last = try #require(record.epochs.last)
    let inference = try #require(record.probes["train_accuracy_inference"])
    #expect(inference == last.testAccuracy)
    #expect(record.probes["train_loss_inference"] == last.testLoss)
    #expect(Metric.inferenceTrainTestGap.value(of: record, classes: 3) == 0)
    #expect(last.testAccuracy > 0.6)  // it learned something, so dropout's thinning shows in the running accuracy
    #expect(Metric.trainTestGap.value(of: record, classes: 3) != 0)
  }

  @Test func inferenceGapIsLowerIsBetterAndNeedsTheProbe() {
    var record = FindingsTests.cell("a", seed: 0, trainAccuracy: 0.8)  // test accuracy 0.8 as well
    #expect(Metric.inferenceTrainTestGap.value(of: record, classes: 10) == nil)
    record.probes["train_accuracy_inference"] = 0.95
    #expect(Metric.inferenceTrainTestGap.value(of: record, classes: 10)! == 0.95 - 0.8)
    #expect(!Metric.inferenceTrainTestGap.higherIsBetter)
    #expect(Metric.inferenceTrainTestGap.description == "train_test_gap_inference")
  }
}
