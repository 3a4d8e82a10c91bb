import Harness
import TrainingCore

/// Adam with and without learning-rate decay, and L2 versus decoupled weight decay — shared/claims.md,
/// `adam-decay`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, on a 10,000-example class-balanced training subset (full
/// 10,000-image test set), Adam (bias-corrected, beta1 0.9, beta2 0.999, eps 1e-8; Kingma & Ba's
/// defaults), base rate 0.001, batch 32, 12 epochs, so T = 312 · 12 = 3,744 updates. Batch 32 keeps the
/// update count in the thousands, where "x0.9995 per step" means something: 0.9995^T ≈ 0.15 (the rate
/// halves every 1,386 updates), while 0.999995^T ≈ 0.98.
///
/// Factor 1, the schedule (no weight decay):
/// - constant 0.001; step (x0.1 every T/3, the same policy as lr-schedules' step arm);
/// - decay-at-end (x0.1 over the last 10% of updates, from 0.9 T);
/// - exp-0.9995 and exp-0.999995 (the rate times gamma at every update, Caffe's exp).
/// Factor 2, weight decay at a constant 0.001, the same lambda for both forms (weights only, not biases):
/// - adam-l2-<lambda>: g += lambda · w before Adam; adamw-<lambda>: w -= lr · lambda · w (PyTorch AdamW).
///   With plain SGD the two would be the same update, which is what "equal lambda" means here.
/// - lambda = 0.01 (PyTorch's AdamW default) and lambda = 0.4, the AdamW paper's normalized decay
///   lambda_norm = 0.025 converted to our run: lambda_norm · sqrt(b / (B · T_epochs)) / lr =
///   0.025 · sqrt(32 / (10,000 · 12)) / 0.001 ≈ 0.41, rounded. Not tuned: no validation split is used.
/// Metric: final test accuracy, 10 seeds; one-sided Welch, TOST or non-inferiority tests, Holm over the
/// experiment.
public struct AdamDecay: Experiment {
  public init() {}
  public let id = "adam-decay"
  public let title = "Adam with and without learning-rate decay; L2 vs decoupled weight decay"
  public let claim = """
    Adam needs no learning-rate decay (a constant 0.001 is not worse than step decay); lowering the rate \
    briefly near the end gives a small gain; multiplying the rate by 0.9995 every step decays too fast \
    (worse), while 0.999995 is the same as no decay. Decoupled weight decay (AdamW) beats L2 in the \
    gradient at equal lambda.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Kingma & Ba 2014 (defaults 0.001, 0.9, 0.999, 1e-8); \
    Loshchilov & Hutter 2019, "Decoupled Weight Decay Regularization" (AdamW, about 15% relative \
    test-error reduction on CIFAR-10).
    """

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let base = 0.001
  static let batchSize = 32
  static let lambdas: [(label: String, value: Double)] = [("1e-2", 0.01), ("4e-1", 0.4)]

  public func arms(for profile: Profile) -> [Arm] {
    let subset = profile.pick(quick: 1000, full: 10_000), epochs = profile.pick(quick: 1, full: 12)
    let total = subset / Self.batchSize * epochs
    let adam = OptimizerSpec.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
    func arm(_ name: String, _ schedule: ScheduleSpec, optimizer: OptimizerSpec = adam, l2: Double = 0,
             decay: String = "none") -> Arm {
      Arm(name, RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: optimizer, schedule: schedule, weightDecay: l2, batchSize: Self.batchSize,
        epochs: epochs, trainSubset: subset),
        factors: [.init("schedule", schedule.name), .init("weight_decay", decay)])
    }
    let constant = ScheduleSpec.fixed(Fixed(base: Self.base))
    var arms = [
      arm("constant", constant),
      arm("step", .step(StepDecay(base: Self.base, gamma: 0.1, stepSize: max(1, total / 3)))),
      arm("decay-at-end", .decayAtEnd(DecayAtEnd(base: Self.base, factor: 0.1, fromStep: total * 9 / 10))),
      arm("exp-0.9995", .exponential(ExponentialDecay(base: Self.base, gamma: 0.9995))),
      arm("exp-0.999995", .exponential(ExponentialDecay(base: Self.base, gamma: 0.999995))),
    ]
    for lambda in Self.lambdas {
      arms.append(arm("adam-l2-\(lambda.label)", constant, l2: lambda.value, decay: "l2-\(lambda.value)"))
      arms.append(arm("adamw-\(lambda.label)", constant,
                      optimizer: .adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: lambda.value),
                      decay: "decoupled-\(lambda.value)"))
    }
    return arms
  }

  static let margin = 0.005  // 0.5 points of accuracy, about 1.5 binomial standard errors on 10k images

  public let subClaims: [SubClaim] = [
    SubClaim("a", "A constant rate is not worse than step decay (margin 0.5 points)",
             rules: [.notWorse("constant", than: "step", margin: margin, metric: .finalTestAccuracy)]),
    SubClaim("b", "Lowering the rate over the last 10% of training gives a small gain over constant",
             rules: [.beats("decay-at-end", ["constant"], metric: .finalTestAccuracy)]),
    SubClaim("c", "Multiplying the rate by 0.9995 every step decays too fast: worse than constant",
             rules: [.beats("constant", ["exp-0.9995"], metric: .finalTestAccuracy)]),
    SubClaim("d", "Multiplying by 0.999995 every step is the same as constant (within 0.5 points)",
             rules: [.equivalent("exp-0.999995", "constant", margin: margin, metric: .finalTestAccuracy)]),
    SubClaim("e", "AdamW beats Adam with L2 in the gradient at equal lambda (0.01 and 0.4)",
             rules: lambdas.map { .beats("adamw-\($0.label)", ["adam-l2-\($0.label)"], metric: .finalTestAccuracy) }),
  ]
}
