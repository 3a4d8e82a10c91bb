@testable import AdamDecay
@testable import BatchNormVersusLayerNorm
@testable import DropoutRates
@testable import Harness
@testable import InitSchemes
@testable import Regularization
import Statistics
import Testing
import TrainingCore

/// Seed groups (`SeedGroup`): arms added beside an experiment's own (the CNN arms of issue 19) get their
/// own seeds, power calculation and Holm families, and change nothing of the other arms'; and the five
/// experiments with CNN arms name the model family as the factor `model` on every arm.
@Suite struct SeedGroupTests {
  /// Two paired MLP arms a, b (as ProtocolTests' seed-count test) and, with `group`, two CNN arms c, d
  /// whose paired differences spread far more.
  struct Grouped: Experiment {
    let id = "grouped", title = "", claim = "", source = ""
    let pairsArms = true
    let withGroup: Bool
    func seedCount(for profile: Profile) -> Int { 4 }
    func arms(for profile: Profile) -> [Arm] {
      let c = TuningTests.base
      var cnn = c
      cnn.network.convolution = .standard([2], image: ImageShape(height: 28, width: 28, channels: 1))
      let mlp = [Arm("a", c, factors: [.init("model", "mlp")], tuning: .learningRate([0.01, 0.1])),
                 Arm("b", c, factors: [.init("model", "mlp")], tuning: .learningRate([0.01, 0.1]))]
      guard withGroup else { return mlp }
      return mlp + [Arm("c", cnn, factors: [.init("model", "cnn")], tuning: .learningRate([0.01, 0.1])),
                    Arm("d", cnn, factors: [.init("model", "cnn")], tuning: .learningRate([0.01, 0.1]))]
    }
    var subClaims: [SubClaim] {
      [SubClaim("x", "", smallestEffect: 0.005, rules: [
        .notWorse("a", than: "b", margin: 0.005, metric: .finalTestAccuracy),
        .beats("a", ["b"], metric: .finalTestAccuracy)])]
        + (withGroup ? [SubClaim("cnn-x", "", smallestEffect: 0.005, rules: [.beats("c", ["d"], metric: .finalTestAccuracy)])] : [])
    }
    var seedGroups: [SeedGroup] { withGroup ? [SeedGroup("cnn", factor: .init("model", "cnn"), cap: 12, fullSeeds: 6)] : [] }
  }

  /// Tuning records: 0.1 wins for every arm; a and b differ by ±0.5 points per seed, c and d by ±3.
  static func tunings(_ plan: ExperimentPlan) -> [ArmTuning] {
    let own: [String: [Int: Double]] = ["a": [1000: 0.005, 1001: -0.005], "b": [1000: 0, 1001: 0],
                                        "c": [1000: 0.03, 1001: -0.03], "d": [1000: 0, 1001: 0]]
    return plan.arms.map { arm in
      ArmTuning(arm: arm, tuning: arm.tuning!, seeds: Tuning.seeds(2)) { key in
        TuningTests.record(key, score: 0.85 + (TuningTests.rate(key) > 0.05 ? 0.01 : 0) + own[arm.name]![key.seed]!)
      }
    }
  }

  @Test func aGroupChangesNeitherTheOtherArmsSeedsNorTheirCells() throws {
    let alone = ExperimentPlan(Grouped(withGroup: false), profile: .full)
    let grouped = ExperimentPlan(Grouped(withGroup: true), profile: .full)
    #expect(grouped.subClaims(in: nil).map(\.id) == ["x"])
    let group = try #require(grouped.experiment.seedGroups.first)
    #expect(grouped.subClaims(in: group).map(\.id) == ["cnn-x"])
    let before = try #require(SeedChoice.fromTuning(alone, Self.tunings(alone), cap: 30))
    let after = try #require(SeedChoice.fromTuning(grouped, Self.tunings(grouped), cap: 30))
    // The same count and the same reason: alpha 0.05/2 (x's two comparisons, not cnn-x's third).
    #expect(before == after)
    #expect(after.reason.contains("alpha 0.05/2"))
    let cnn = try #require(SeedChoice.fromTuning(grouped, Self.tunings(grouped), cap: group.cap,
                                                 subClaims: grouped.subClaims(in: group)))
    // Paired differences ±3 points, 1 df: their 80% upper limit is 0.0424 · 3.95 = 0.167, so the
    // power calculation at alpha 0.05/1 wants far more than 12 seeds: the group's cap binds.
    #expect(cnn.seeds == 12 && cnn.reason.contains("alpha 0.05/1") && cnn.reason.contains("capped at 12"))
    let resolved = grouped.resolved(Self.tunings(grouped), seedChoice: after, groupSeedChoices: ["cnn": cnn])
    #expect(resolved.seeds == Array(0..<after.seeds))
    for name in ["a", "b"] {
      #expect(resolved.seeds(of: resolved.arms.first { $0.name == name }!) == Array(0..<after.seeds))
    }
    for name in ["c", "d"] { #expect(resolved.seeds(of: resolved.arms.first { $0.name == name }!) == Array(0..<12)) }
    #expect(resolved.cells.count == 2 * after.seeds + 2 * 12)
    // The other arms' cells are the same keys, with the same fingerprints, as without the group.
    let own = resolved.cells.filter { ["a", "b"].contains($0.arm.name) }
    let plain = alone.resolved(Self.tunings(alone), seedChoice: before).cells
    #expect(own.map { resolved.fingerprint($0) } == plain.map { alone.fingerprint($0) })
    // Declared counts before tuning: the experiment's 4 (quick: 4), the group's 6 (quick: 2).
    #expect(grouped.seeds.count == 4 && grouped.seeds(of: grouped.arms[2]).count == 6)
    #expect(ExperimentPlan(Grouped(withGroup: true), profile: .quick).seeds(of: grouped.arms[2]).count == 2)
    // verdict.md's seed words say where the group's count came from: its power calculation, else declared.
    #expect(Tables(plan: resolved, cells: []).groupSeedWords
            == ", 12 for the model=cnn arms (their own power calculation and Holm families)")
    #expect(Tables(plan: grouped, cells: []).groupSeedWords == ", 6 for the model=cnn arms (declared and Holm families)")
  }

  /// A group's sub-claims are a Holm family of their own: a p-value of the other family is adjusted as if
  /// the group were not there.
  @Test func aGroupIsItsOwnHolmFamily() {
    func cell(_ arm: String, _ seed: Int, _ accuracy: Double) -> CellRecord {
      CellRecord(formatVersion: CellRecord.formatVersion, experiment: "g", arm: arm, seed: seed, fingerprint: "",
                 status: "ok", divergedEpoch: nil, divergedStep: nil,
                 epochs: [EpochRecord(epoch: 1, trainLoss: 0.5, trainAccuracy: 0.9, testLoss: 0.5, testAccuracy: accuracy,
                                      learningRate: 0.1)],
                 probes: [:], layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
    }
    let spread = [0.0, 0.01, -0.01, 0.02, -0.02, 0.005]
    let cells = spread.enumerated().flatMap { seed, x in
      [cell("a", seed, 0.86 + x), cell("b", seed, 0.85 - x), cell("c", seed, 0.86 + x), cell("d", seed, 0.85 - x)]
    }
    let mlp = SubClaim("x", "", rules: [.beats("a", ["b"], metric: .finalTestAccuracy)])
    let cnn = SubClaim("cnn-x", "", rules: [.beats("c", ["d"], metric: .finalTestAccuracy)])
    let builder = VerdictBuilder(experimentID: "g", cells: cells, metrics: [.finalTestAccuracy])
    let alone = builder.verdict(for: [mlp]).comparisons[0]
    let together = builder.verdict(for: [mlp, cnn]).comparisons[0]
    let families = builder.verdict(for: [mlp, cnn]) { $0.id.hasPrefix("cnn") ? "cnn" : "" }.comparisons
    #expect(together.pAdjusted > alone.pAdjusted)  // one family of two: Holm doubles the smaller p
    #expect(families[0].pAdjusted == alone.pAdjusted && families[1].pAdjusted == alone.pAdjusted)
    #expect(families[0].minimumDetectableEffect == alone.minimumDetectableEffect)
  }

  static let withCNNArms: [any Experiment] = [InitSchemes(), BatchNormVersusLayerNorm(), Regularization(), AdamDecay(), DropoutRates()]

  /// Every arm of the five experiments names its model family, `mlp` or `cnn`, as finals.csv's `model`
  /// column; the CNN arms are the seed group's and have conv layers; every `cnn-` sub-claim compares CNN
  /// arms only, every other sub-claim MLP arms only (so the MLP sub-claims keep their seeds and Holm
  /// families).
  @Test(arguments: [Profile.quick, .full])
  func everyArmNamesItsModelFamily(profile: Profile) throws {
    for experiment in Self.withCNNArms {
      let plan = ExperimentPlan(experiment, profile: profile)
      let group = try #require(experiment.seedGroups.first, "\(experiment.id)")
      #expect(group.factor == Arm.Factor("model", "cnn"))
      var cnnArms = Set<String>()
      for arm in plan.arms {
        let models = arm.factors.filter { $0.name == "model" }.map(\.value)
        #expect(models == ["mlp"] || models == ["cnn"], "\(experiment.id) \(arm.name): \(models)")
        #expect((models == ["cnn"]) == (arm.configuration.network.convolution != nil), "\(experiment.id) \(arm.name)")
        #expect((models == ["cnn"]) == (plan.group(of: arm) == group), "\(experiment.id) \(arm.name)")
        #expect(throws: Never.self, "\(experiment.id) \(arm.name)") { try arm.configuration.validate() }
        if models == ["cnn"] { cnnArms.insert(arm.name) }
      }
      #expect(cnnArms.count >= 2, "\(experiment.id)")
      for subClaim in experiment.subClaims {
        let arms = Set((subClaim.preconditions + subClaim.rules).flatMap(\.arms))
        #expect(subClaim.id.hasPrefix("cnn") ? arms.isSubset(of: cnnArms) : arms.isDisjoint(with: cnnArms),
                "\(experiment.id) \(subClaim.id)")
      }
      #expect(!plan.subClaims(in: group).isEmpty)
      let header = Tables(plan: plan, cells: []).finals.split(separator: "\n").first.map(String.init) ?? ""
      #expect(header.split(separator: ",").contains("model"), "\(experiment.id): \(header)")
    }
  }
}
