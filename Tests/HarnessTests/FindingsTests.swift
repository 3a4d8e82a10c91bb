import Testing
@testable import Harness
@testable import TrainingCore

/// `Finding`: the first step of a sequence whose mean crosses a threshold, reported beside the verdict.
@Suite struct FindingsTests {
  /// An experiment with three "depth" arms and one finding, or none.
  struct DepthExperiment: Experiment {
    var withFindings = true
    let id = "findings-test"
    let title = "findings test"
    let claim = "accuracy collapses with depth"
    let source = "a test"
    let subClaims: [SubClaim] = []
    var findings: [Finding] {
      guard withFindings else { return [] }
      return [Finding("collapse_depth", "first depth with mean train accuracy below 0.2",
                      steps: [.init("1", arm: "d1"), .init("2", arm: "d2"), .init("3", arm: "d3")],
                      metric: .finalTrainAccuracy, crossing: .below(0.2)),
              Finding("never", "first depth above 0.99",
                      steps: [.init("1", arm: "d1"), .init("2", arm: "d2"), .init("3", arm: "d3")],
                      metric: .finalTrainAccuracy, crossing: .above(0.99))]
    }
    func arms(for profile: Profile) -> [Arm] {
      ["d1", "d2", "d3"].map { name in
        Arm(name, RunConfiguration(network: NetworkSpec(hidden: [4], activation: .sigmoid, initializer: .glorotUniform),
                                   optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 2, epochs: 1))
      }
    }
    func seedCount(for profile: Profile) -> Int { 2 }
  }

  static func cell(_ arm: String, seed: Int, trainAccuracy: Double, diverged: Bool = false) -> CellRecord {
    CellRecord(formatVersion: CellRecord.formatVersion, experiment: "findings-test", arm: arm, seed: seed,
               fingerprint: "", status: diverged ? "diverged" : "ok", divergedEpoch: nil, divergedStep: nil,
               epochs: [EpochRecord(epoch: 1, trainLoss: 1, trainAccuracy: trainAccuracy, testLoss: 1,
                                    testAccuracy: trainAccuracy, learningRate: 0.1)],
               probes: [:], layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
  }

  static func tables(_ cells: [CellRecord], withFindings: Bool = true) -> Tables {
    Tables(plan: ExperimentPlan(DepthExperiment(withFindings: withFindings), profile: .quick), cells: cells)
  }

  @Test func reportsTheFirstStepInSequenceOrderWhoseMeanCrosses() throws {
    // Means: d1 0.9, d2 0.15 (crosses), d3 0.05 (lower, but later in the sequence).
    let tables = Self.tables([Self.cell("d1", seed: 0, trainAccuracy: 0.9), Self.cell("d1", seed: 1, trainAccuracy: 0.9),
                              Self.cell("d2", seed: 0, trainAccuracy: 0.1), Self.cell("d2", seed: 1, trainAccuracy: 0.2),
                              Self.cell("d3", seed: 0, trainAccuracy: 0.05), Self.cell("d3", seed: 1, trainAccuracy: 0.05)])
    let collapse = try #require(tables.findings.first)
    #expect(collapse.result == Finding.Step("2", arm: "d2"))
    #expect(collapse.means.map(\.n) == [2, 2, 2])
    #expect(tables.findings[1].result == nil)
    #expect(tables.findingsTable == """
      finding,metric,crossing,threshold,result,result_arm
      collapse_depth,final_train_accuracy,below,0.2,2,d2
      never,final_train_accuracy,above,0.99,none,

      """)
    #expect(tables.verdictMarkdown.contains("first depth with mean train accuracy below 0.2: **2 (d2)**"))
  }

  @Test func aMeanExactlyAtTheThresholdDoesNotCross() throws {
    let tables = Self.tables(["d1", "d2", "d3"].flatMap { arm in
      (0..<2).map { Self.cell(arm, seed: $0, trainAccuracy: arm == "d3" ? 0.1 : 0.2) }
    })
    #expect(tables.findings.first?.result == Finding.Step("3", arm: "d3"))
  }

  @Test func divergedRunsCountAsChanceAccuracyAndMissingArmsAreSkipped() throws {
    // d1 has no runs; d2's runs diverged, so they count as 1/10 accuracy and cross 0.2.
    let tables = Self.tables([Self.cell("d2", seed: 0, trainAccuracy: 0.9, diverged: true),
                              Self.cell("d2", seed: 1, trainAccuracy: 0.9, diverged: true)])
    let collapse = try #require(tables.findings.first)
    #expect(collapse.means.first?.mean == nil)
    #expect(collapse.result?.arm == "d2")
  }

  @Test func experimentsWithoutFindingsWriteNoFindingsTable() {
    let tables = Self.tables([Self.cell("d1", seed: 0, trainAccuracy: 0.1)], withFindings: false)
    #expect(tables.findings.isEmpty)
    #expect(tables.findingsTable == nil)
    #expect(!tables.verdictMarkdown.contains("## Findings"))
  }
}
