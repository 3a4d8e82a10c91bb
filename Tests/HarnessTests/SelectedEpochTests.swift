import Datasets
import Foundation
import Statistics
import Testing
import _TestSupport
@testable import Harness
import TrainingCore

/// Early stopping in the harness: a cell records the epoch it kept, every "final" metric and finals.csv
/// column reads that epoch, probes see the restored network, and configurations without the new
/// settings encode (and so fingerprint) as before.
@Suite struct SelectedEpochTests {
  static func cell(selected: Int?) -> CellRecord {
    // (epoch, train loss, train accuracy, test loss, test accuracy, validation accuracy)
    let rows: [(Int, Double, Double, Double, Double, Double)] = [
      (1, 1.0, 0.6, 1, 0.8, 0.7), (2, 0.5, 0.7, 2, 0.7, 0.6), (3, 0.25, 0.8, 3, 0.6, 0.5),
    ]
    let epochs = rows.map { row in
      EpochRecord(epoch: row.0, trainLoss: row.1, trainAccuracy: row.2, testLoss: row.3, testAccuracy: row.4,
                  learningRate: 0.1, validationLoss: row.3, validationAccuracy: row.5)
    }
    var record = CellRecord(formatVersion: CellRecord.formatVersion, experiment: "selected", arm: "a", seed: 0,
                            fingerprint: "", status: "ok", divergedEpoch: nil, divergedStep: nil, epochs: epochs,
                            probes: ["train_accuracy_inference": 0.95], layerProbes: [], curveProbes: [:],
                            seconds: 0, samplesPerSecond: 0)
    record.selectedEpoch = selected
    return record
  }

  @Test func finalMetricsReadTheSelectedEpoch() {
    let kept = Self.cell(selected: 1), last = Self.cell(selected: nil)
    #expect(Metric.finalTestAccuracy.value(of: kept, classes: 10) == 0.8)
    #expect(Metric.finalTestAccuracy.value(of: last, classes: 10) == 0.6)
    #expect(Metric.finalTrainLoss.value(of: kept, classes: 10) == 1.0)
    #expect(Metric.finalValidationAccuracy.value(of: kept, classes: 10) == 0.7)
    #expect(Metric.inferenceTrainValidationGap.value(of: kept, classes: 10) == 0.95 - 0.7)
    #expect(Metric.inferenceTrainTestGap.value(of: kept, classes: 10) == 0.95 - 0.8)
    #expect(Metric.bestTestAccuracy.value(of: kept, classes: 10) == 0.8)
    #expect(!Metric.inferenceTrainValidationGap.higherIsBetter)
    #expect(Metric.inferenceTrainValidationGap.description == "train_validation_gap_inference")
    var noValidation = kept
    noValidation.epochs = noValidation.epochs.map { var e = $0; e.validationAccuracy = nil; return e }
    #expect(Metric.inferenceTrainValidationGap.value(of: noValidation, classes: 10) == nil)
  }

  /// The record round-trips, and a record without a selection has no `selectedEpoch` key at all (so cells
  /// written before it existed read the same and old cell files keep their bytes).
  @Test func selectedEpochIsOptionalInTheJSON() throws {
    let kept = Self.cell(selected: 2), last = Self.cell(selected: nil)
    let decoded = try CellRecord.decoder.decode(CellRecord.self, from: try CellRecord.encoder.encode(kept))
    #expect(decoded == kept && decoded.finalEpoch?.epoch == 2)
    let text = String(decoding: try CellRecord.encoder.encode(last), as: UTF8.self)
    #expect(!text.contains("selectedEpoch"))
  }

  /// New optional settings must not appear in the sorted-key JSON the fingerprint hashes when unset.
  @Test func unsetSettingsLeaveTheConfigurationJSONAlone() throws {
    var configuration = RunConfiguration(network: NetworkSpec(hidden: [8], activation: .relu, initializer: .heNormal),
                                         optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 8, epochs: 1)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let plain = String(decoding: try encoder.encode(configuration), as: UTF8.self)
    #expect(!plain.contains("earlyStoppingPatience") && !plain.contains("augmentation"))
    configuration.validationSplit = 100
    configuration.earlyStoppingPatience = 3
    configuration.augmentation = AugmentationSpec(maxShift: 2, horizontalFlip: true)
    let set = String(decoding: try encoder.encode(configuration), as: UTF8.self)
    #expect(set.contains("\"earlyStoppingPatience\":3") && set.contains("\"maxShift\":2"))
  }

  struct StoppingExperiment: Experiment {
    let id = "selected-epoch-test"
    let title = "selected epoch test"
    let claim = "none"
    let source = "a test"
    let subClaims: [SubClaim] = []
    let probes: [ProbeKind] = [.trainEvaluation]
    func arms(for profile: Profile) -> [Arm] {
      [Arm("stopping", RunConfiguration(
        network: NetworkSpec(inputWidth: 8, hidden: [64, 64], outputWidth: 3, activation: .relu, initializer: .heNormal),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)), batchSize: 10, epochs: 40,
        validationSplit: 300, earlyStoppingPatience: 3))]
    }
    func seedCount(for profile: Profile) -> Int { 1 }
  }


  /// Oracle: with the test set equal to the training pool (the data minus the seed's validation split),
  /// the train-evaluation probe must equal the *selected* epoch's test metrics exactly, which shows the
  /// probe ran on the restored network; finals.csv reports that epoch and its number.
  @Test func cellKeepsTheSelectedEpochAndProbesTheRestoredNetwork() throws {
    let plan = ExperimentPlan(StoppingExperiment(), profile: .quick)
    let data = noisyThreeClassData("selected-epoch-data")
    let streams = RunStreams(experiment: plan.experiment.id, arm: "stopping", seed: 0)
    let pool = try data.split(validationCount: 300, stream: streams.validation).train
    let record = try Runner.runCell(plan, plan.cells[0], train: data, test: pool)
    let selected = try #require(record.selectedEpoch)
    #expect(selected < record.epochs.count, "this noisy task should keep an earlier epoch than the last")
    let kept = try #require(record.finalEpoch)
    #expect(kept.epoch == selected)
    #expect(record.probes["train_accuracy_inference"] == kept.testAccuracy)
    #expect(record.probes["train_loss_inference"] == kept.testLoss)
    #expect(record.probes["train_loss_inference"] != record.epochs.last?.testLoss)
    let tables = Tables(plan: plan, cells: [record])
    let lines = tables.finals.split(separator: "\n")
    let fields = { (line: Substring) in line.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    let header = fields(lines[0]), row = fields(lines[1])
    let column = { (name: String) in row[header.firstIndex(of: name)!] }
    #expect(column("selected_epoch") == String(selected))
    #expect(column("epochs_run") == String(record.epochs.count))
    #expect(column("final_test_accuracy") == kept.testAccuracy.description)
    #expect(!Tables(plan: plan, cells: [Self.cell(selected: nil)]).finals.contains("selected_epoch"))
  }
}
