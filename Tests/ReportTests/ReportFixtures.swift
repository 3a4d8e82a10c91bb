import Foundation
import Harness
import TrainingCore
@testable import Report

/// A synthetic experiment whose tables are made by the real `Tables` code from hand-made cell records,
/// so the report is tested on the exact CSV format the harness writes, without training anything.
///
/// 12 arms (activation × initializer × depth, so panels are needed), 3 seeds, 3 epochs, a decaying
/// learning rate, a per-layer probe with zeros (undrawable on a log axis), one run that diverges at
/// epoch 2 (NaN loss) and one arm whose runs all diverge at epoch 1 (infinite loss).
struct SyntheticExperiment: Experiment {
  let id = "synthetic-depth"
  let title = "A synthetic depth sweep"
  let claim = "Deeper synthetic nets (e.g. depth 8) score higher; this line is never shown in the table."
  let source = "ReportTests"
  let subClaims = [SubClaim("a", "relu-a-d8 beats tanh-a-d8",
                            rules: [.beats("relu-a-d8", ["tanh-a-d8"], metric: .finalTestAccuracy)])]

  static let layout: [(activation: String, initializer: String, depth: Int)] =
    ["relu", "tanh"].flatMap { a in ["a", "b"].flatMap { i in [2, 4, 8].map { (a, i, $0) } } }

  func arms(for profile: Profile) -> [Arm] {
    Self.layout.map { arm in
      let configuration = RunConfiguration(
        network: NetworkSpec(hidden: Array(repeating: 8, count: arm.depth), activation: .relu, initializer: .heNormal),
        optimizer: .sgd, schedule: .fixed(Fixed(base: 0.1)), batchSize: 8, epochs: 3)
      return Arm("\(arm.activation)-\(arm.initializer)-d\(arm.depth)", configuration,
                 factors: [.init("activation", arm.activation), .init("initializer", arm.initializer),
                           .init("depth", String(arm.depth))])
    }
  }

  func seedCount(for profile: Profile) -> Int { 3 }
}

/// Another registered experiment that never has results.
struct NeverRunExperiment: Experiment {
  let id = "never-run"
  let title = "An experiment without results"
  let claim = "Nothing has been measured yet."
  let source = "ReportTests"
  let subClaims: [SubClaim] = []
  func arms(for profile: Profile) -> [Arm] { [] }
  func seedCount(for profile: Profile) -> Int { 2 }
}

enum ReportFixtures {
  static let diverging = "tanh-b-d8"   // seed 1 diverges at epoch 2
  static let allDiverged = "tanh-b-d4" // every seed diverges at epoch 1

  /// A cell record in the harness's JSON format (NaN and infinity spelled as strings).
  static func record(arm: String, armIndex: Int, depth: Int, seed: Int) throws -> CellRecord {
    var epochs: [[String: Any]] = []
    var status = "ok", divergedEpoch: Any = NSNull()
    for epoch in 1...3 {
      let accuracy = 0.5 + 0.05 * Double(epoch) + 0.01 * Double(armIndex) + 0.003 * Double(seed)
      var loss: Any = 1.0 / Double(epoch) + 0.01 * Double(seed)
      if (arm == diverging && seed == 1 && epoch == 2) || (arm == allDiverged && epoch == 1) {
        loss = arm == diverging ? "nan" : "inf"
        status = "diverged"
        divergedEpoch = epoch
      }
      epochs.append(["epoch": epoch, "trainLoss": loss, "trainAccuracy": accuracy + 0.02, "testLoss": loss,
                     "testAccuracy": accuracy, "learningRate": 0.1 * pow(0.5, Double(epoch - 1))])
      if status == "diverged" { break }
    }
    let layers = (1...depth).map { layer -> [String: Any] in
      let value = arm.hasPrefix("tanh-a") && layer > 1 ? 0 : pow(0.1, Double(layer))
      return ["probe": "activation_std", "layer": layer, "value": value]
    }
    let object: [String: Any] = [
      "formatVersion": CellRecord.formatVersion, "experiment": "synthetic-depth", "arm": arm, "seed": seed,
      "fingerprint": "test", "status": status, "divergedEpoch": divergedEpoch,
      "divergedStep": status == "diverged" ? 1 : NSNull(), "epochs": epochs, "probes": [String: Any](),
      "layerProbes": layers, "curveProbes": [String: Any](), "seconds": 0, "samplesPerSecond": 0,
    ]
    return try CellRecord.decoder.decode(CellRecord.self, from: JSONSerialization.data(withJSONObject: object))
  }

  static func tables() throws -> Tables {
    let plan = ExperimentPlan(SyntheticExperiment(), profile: .full)
    var cells: [CellRecord] = []
    for (index, arm) in plan.arms.enumerated() {
      for seed in plan.seeds {
        cells.append(try record(arm: arm.name, armIndex: index, depth: SyntheticExperiment.layout[index].depth, seed: seed))
      }
    }
    return Tables(plan: plan, cells: cells)
  }

  /// A fresh temp folder holding `synthetic-depth/` with the tables `Runner` would write: with
  /// subclaims.csv, tuning.csv and manifest.json, or, for `olderFormat`, only the tables written before
  /// them (a results folder from before sub-claims were tabulated).
  static func resultsFolder(olderFormat: Bool = false) throws -> String {
    let root = FileManager.default.temporaryDirectory.path + "/report-tests-" + ProcessInfo.processInfo.globallyUniqueString
    let directory = root + "/synthetic-depth"
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let t = try tables()
    try FileStore.writeAtomically(t.curves, to: directory + "/curves.csv")
    try FileStore.writeAtomically(t.finals, to: directory + "/finals.csv")
    try FileStore.writeAtomically(t.summary, to: directory + "/summary.csv")
    try FileStore.writeAtomically(t.significance, to: directory + "/significance.csv")
    if let probes = t.layerProbes { try FileStore.writeAtomically(probes, to: directory + "/probes.csv") }
    try FileStore.writeAtomically(t.verdictMarkdown, to: directory + "/verdict.md")
    if !olderFormat {
      try FileStore.writeAtomically(subClaimsCSV, to: directory + "/subclaims.csv")
      try FileStore.writeAtomically(tuningCSV(arms: t.plan.arms.map(\.name)), to: directory + "/tuning.csv")
      try FileStore.writeAtomically(manifestJSON, to: directory + "/manifest.json")
    }
    return root
  }

  static let registered: [any Experiment] = [SyntheticExperiment(), NeverRunExperiment()]

  static func read(_ path: String) -> String {
    FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
  }
}
