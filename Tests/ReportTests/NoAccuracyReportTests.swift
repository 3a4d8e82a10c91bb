import Foundation
import Harness
import Testing
import TrainingCore
@testable import Report

/// Results without a test accuracy: a regression (every accuracy NaN, a lower-is-better probe decides),
/// and an experiment where only some arms have a test set (`sanity-checks`). The report must draw no
/// empty charts, no NaN, and plot the regression's own error against its numeric factor.
@Suite struct NoAccuracyReportTests {
  struct RegressionExperiment: Experiment {
    let id = "synthetic-regression"
    let title = "A synthetic regression"
    let claim = "The robust loss has the lower error."
    let source = "ReportTests"
    let subClaims = [SubClaim("a", "l1 beats l2 at 0.2", rules: [.beats("l1-0.2", ["l2-0.2"], metric: .lowerProbe("test_rmse"))])]
    /// Arms named "l1-0.2" etc.; `withTestSet` gives the l1 arms a test accuracy (the mixed case).
    var withTestSet = false
    static let layout = ["l1", "l2"].flatMap { loss in ["0.0", "0.1", "0.2"].map { (loss, $0) } }
    func arms(for profile: Profile) -> [Arm] {
      let configuration = RunConfiguration(
        network: NetworkSpec(inputWidth: 4, hidden: [8], outputWidth: 1, activation: .relu, initializer: .heNormal),
        optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 8, epochs: 3)
      return Self.layout.map { Arm("\($0.0)-\($0.1)", configuration, factors: [.init("loss", $0.0), .init("fraction", $0.1)]) }
    }
    func seedCount(for profile: Profile) -> Int { 3 }

    func tables() -> Tables {
      let plan = ExperimentPlan(self, profile: .full)
      var cells: [CellRecord] = []
      for (index, arm) in plan.arms.enumerated() {
        for seed in plan.seeds {
          let error = 0.3 + 0.1 * Double(index) + 0.01 * Double(seed)
          let accuracy = withTestSet && arm.name.hasPrefix("l1") ? 0.8 + 0.01 * Double(seed) : .nan
          let epochs = (1...3).map {
            EpochRecord(epoch: $0, trainLoss: error / Double($0), trainAccuracy: .nan, testLoss: error,
                        testAccuracy: accuracy, learningRate: 0.1)
          }
          cells.append(CellRecord(formatVersion: CellRecord.formatVersion, experiment: id, arm: arm.name, seed: seed,
                                  fingerprint: "test", status: "ok", divergedEpoch: nil, divergedStep: nil,
                                  epochs: epochs, probes: ["test_rmse": error, "test_mae": error * 0.8],
                                  layerProbes: [], curveProbes: ["test_rmse": [error, error, error]], seconds: 0,
                                  samplesPerSecond: 0))
        }
      }
      return Tables(plan: plan, cells: cells)
    }
  }

  @Test func aRegressionGetsItsErrorPlotsAndNoEmptyAccuracyCharts() throws {
    let tables = RegressionExperiment().tables()
    #expect(tables.verdict.kind == .reproduced)
    let figures = ResultsReport.figures(for: ExperimentResults(tables: tables)).flatMap(\.figures)
    let paths = figures.map(\.path)
    #expect(!paths.contains { $0.contains("accuracy") || $0.contains("gap") }, "\(paths)")
    #expect(paths.contains("plots/test-rmse-vs-fraction.svg") && paths.contains("plots/test-mae-vs-fraction.svg"))
    #expect(paths.contains("plots/train-loss.svg") && paths.contains("plots/test-rmse.svg"))
    for figure in figures {
      #expect(!figure.svg.lowercased().contains("nan") && figure.note.isEmpty, "\(figure.path): \(figure.note)")
    }
  }

  @Test func onlyArmsWithATestSetAppearInTheAccuracyCharts() throws {
    let tables = RegressionExperiment(withTestSet: true).tables()
    let figures = ResultsReport.figures(for: ExperimentResults(tables: tables)).flatMap(\.figures)
    let dots = try #require(figures.first { $0.path == "plots/final-test-accuracy.svg" })
    #expect(dots.note.isEmpty && dots.svg.contains("l1-0.2") && !dots.svg.contains("l2-0.2"))
    // With some accuracy, the factor views stay the accuracy views of every other experiment.
    #expect(figures.contains { $0.path == "plots/test-accuracy-vs-fraction.svg" })
    for figure in figures { #expect(!figure.svg.lowercased().contains("nan"), "\(figure.path)") }
  }
}
