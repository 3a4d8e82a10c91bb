import Datasets
import Harness
import Statistics
import TrainingCore

/// L1 versus L2 loss on a regression with injected outliers — shared/claims.md, `robust-loss`.
///
/// Data: `TeacherRegression` (Datasets), per seed: 10 Gaussian inputs, a 32-unit tanh teacher standardized
/// to mean 0 and sd 1, training targets with Gaussian noise of sd 0.3, outliers of ±U(10, 30) (10-30 target
/// standard deviations) in a share ε of the training targets, 1,000 training and 2,000 test examples. Its
/// streams are named (experiment, seed, purpose), so every arm of a seed sees the same data but for the
/// outliers, and the outliers at ε = 0.1 are the first half of those at 0.2. Test targets are noise-free:
/// the test error measures how far the fit is from the truth.
/// Model: a 10-64-64-1 ReLU MLP (He-normal weights, zero biases), Adam (Kingma & Ba defaults) from 1e-3
/// decaying linearly to 0 over the run (so neither loss ends on a noisy constant-rate iterate), batch 50
/// (20 steps per epoch), 100 epochs, trained by the harness's trainer with the arm's loss: L2 = mean squared
/// error, L1 = mean absolute error (`RegressionLosses.swift`).
/// What varies: the loss ∈ {L1, L2} and the outlier fraction ε ∈ {0, 0.05, 0.1, 0.2}.
/// Metrics: clean test RMSE (`test_rmse`, the decision metric) and MAE (`test_mae`) after the last epoch,
/// and per epoch (curves.csv, probe `regression-error`); curves' train_loss / test_loss are each arm's own
/// loss (not comparable between L1 and L2), accuracies are NaN.
/// Paired (issue 20): every arm has the same shapes and training set size, so per seed all eight share
/// their initial weights and data order as well as the inputs and noise; comparisons are paired t tests.
/// "Less sensitive" is relative (issue 20): sub-claim (c) tests the ratio of degradations, L1's rise in
/// clean test RMSE from ε = 0 to ε (0.1, 0.2) against L2's, with `degradesLess` (ratio 1: L1 loses less
/// than L2 does), on the per-seed contrast ΔL2 − ΔL1. The old (c) asked L1 to be insensitive in absolute
/// terms (within 0.05 RMSE), which the claim does not say; it came out contradicted (+0.077) although L1's
/// rise was 35 times smaller than L2's.
/// Margin, fixed before the first run: "L2 is not worse without outliers" = within 0.01 RMSE of L1.
/// Not tuned: the claim is about the loss's response to outliers at one training recipe, and both losses
/// use Adam's default rate with the same linear decay. Early stopping would help L2 (its clean error is
/// lowest after 2-5 epochs with outliers), but even its best epoch was 2-3 times L1's final error in the
/// old run; the fixed 100-epoch budget is kept and said here.
/// Seeds: 20 (declared; nothing is tuned, so `SeedChoice` has no tuning runs): 160 runs of ~0.14 CPU s,
/// about 25 CPU s.
public struct RobustLoss: Experiment {
  public init() {}
  public let id = "robust-loss"
  public let title = "L1 vs L2 loss with outliers in the targets"
  public let claim = """
    L1 (absolute-error) loss is less sensitive to outliers than L2 (squared-error) loss: with gross errors \
    in some training targets, a regression trained with L1 stays close to the truth while L2 is pulled away.
    """
  public let source = "Practitioner articles (shared/claims.md, \"Further claims\")."

  static let regression = TeacherRegression()
  static let fractions = [0, 0.05, 0.1, 0.2]
  static let losses: [LossSpec] = [.l1, .l2]
  static let rmse = "test_rmse"
  static let testCount = 2_000
  public let probes: [ProbeKind] = [.regressionError]

  public let pairsArms = true

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 20) }

  static func name(_ loss: LossSpec, _ fraction: Double) -> String { "\(loss)-eps\(fraction)" }

  public func arms(for profile: Profile) -> [Arm] {
    let examples = profile.pick(quick: 200, full: 1_000), batch = 50, epochs = profile.pick(quick: 2, full: 100)
    return Self.losses.flatMap { loss in
      Self.fractions.map { fraction in
        Arm(Self.name(loss, fraction),
            RunConfiguration(
              network: NetworkSpec(inputWidth: Self.regression.inputWidth, hidden: [64, 64], outputWidth: 1,
                                   activation: .relu, initializer: .heNormal),
              loss: loss, optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
              schedule: .polynomial(PolynomialDecay(base: 1e-3, power: 1, maxSteps: epochs * (examples / batch))),
              batchSize: batch, epochs: epochs, trainSubset: examples),
            factors: [.init("loss", "\(loss)"), .init("outlier_fraction", "\(fraction)")])
      }
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "with outliers (10% and 20% of the training targets), L1 beats L2 on clean test RMSE",
             rules: [.beats(name(.l1, 0.1), [name(.l2, 0.1)], metric: .lowerProbe(rmse)),
                     .beats(name(.l1, 0.2), [name(.l2, 0.2)], metric: .lowerProbe(rmse))]),
    SubClaim("b", "L2 is sensitive to outliers: its clean test RMSE is worse with 20% outliers than with none",
             rules: [.beats(name(.l2, 0), [name(.l2, 0.2)], metric: .lowerProbe(rmse))]),
    SubClaim("c", "L1 is less sensitive: from no outliers to 10% and to 20%, its clean test RMSE rises less than L2's does",
             rules: [0.1, 0.2].map {
               .degradesLess(name(.l1, $0), base: name(.l1, 0), than: name(.l2, $0), otherBase: name(.l2, 0), ratio: 1,
                             metric: .lowerProbe(rmse))
             }),
    SubClaim("d", "without outliers (Gaussian noise) L2 is not worse than L1 by more than 0.01 RMSE",
             rules: [.notWorse(name(.l2, 0), than: name(.l1, 0), margin: 0.01, metric: .lowerProbe(rmse))]),
  ]

  /// The seed's regression with the arm's share of outliers, tested on all 2,000 test examples in one
  /// batch (a regression's test loss is a mean over its evaluation batch).
  public func data(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> TrainingData? {
    let fraction = Double(arm.factors.first { $0.name == "outlier_fraction" }!.value)!
    let (train, test) = Self.regression.make(trainCount: arm.configuration.trainSubset!, testCount: Self.testCount,
                                       outlierFraction: fraction) { RandomStream(id, "seed-\(seed)", $0) }
    var data = TrainingData(train: train, test: test)
    data.evaluationBatchSize = Self.testCount
    return data
  }
}
