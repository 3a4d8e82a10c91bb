import Harness
import TrainingCore

/// What BatchNorm rescues: stuck sigmoid/tanh nets, large learning rates, bad initializations —
/// shared/claims.md, `batchnorm-rescues`.
///
/// Method: MLPs with 10 hidden layers of 128 units, without normalization ("none") or with BatchNorm after
/// each hidden dense layer and before its activation ("bn"; PyTorch conventions: biased batch variance,
/// running statistics with momentum 0.1 at test time, ε 1e-5). A 5,000-example class-balanced
/// Fashion-MNIST training subset (the old run: 10,000; halved for the budget, below), a class-balanced 10,000-image validation split held out of the 60,000
/// training images (a new split per seed), the 10,000-image test set, cross-entropy, SGD with momentum
/// 0.9 (PyTorch convention), batch 64, constant rate, biases zero. Each pair differs only in
/// normalization:
/// - sigmoid and tanh, Glorot uniform (a 10-layer sigmoid net is past the ~8-layer collapse of
///   `sigmoid-depth`);
/// - ReLU, He normal, at a tuned rate and at 0.3 (30x the usual 0.01, Ioffe & Szegedy's BN-x30);
/// - ReLU, N(0, 1) weights: a bad initialization whose forward signal grows by about √(128/2) = 8 per
///   layer (and √(784/2) ≈ 20 in the first), 10⁹ after ten layers.
///
/// Protocol (shared/protocol.md):
/// - "Stuck" is the harness's stall criterion: best validation accuracy below twice chance (0.2). A run
///   that diverged or stalled is a failure; `failsLessOften` compares failure rates (Fisher's exact test).
/// - Tuned arms (rate over 0.01-0.1 for sigmoid, 0.00316-0.0316 for ReLU, half-decades, extended up to two
///   points either way from an edge, on 2 tuning seeds): `sigmoid-none`, `sigmoid-bn`, `relu-he-none`,
///   `relu-he-bn`, `relu-normal1-none`, `relu-normal1-bn`. A net is only "stuck" or "broken by its
///   initialization" if it is so at every rate tried, and BN shifts the best rate (Ioffe & Szegedy's higher
///   rates; N(0, 1) weights under BN learn as if at a rate (‖W_He‖/‖W‖)² smaller), so one shared rate
///   would measure which arm it suits.
/// - Fixed arms: `relu-he-none-x30` and `relu-he-bn-x30` at 0.3 (the claim is about a given large rate);
///   `tanh-none` and `tanh-bn` at 0.01: the old run and a 4-epoch probe show tanh-none training at 0.01
///   (83-85%), which refutes "stuck" at once, so tuning it could only confirm that (tanh costs 3-4x a
///   ReLU or sigmoid cell here, and the budget is 600 CPU s). Were tanh-none stuck at 0.01, BN would
///   be compared with it at one rate: the module would then have to tune both.
/// - Budgets: the sigmoid and tanh pairs train 4 epochs (312 updates): their sub-claims are about whether a
///   net leaves chance at all, and a net that learns does so in the first epoch (BN sigmoid 80%, tanh
///   81% after one in the old run). The ReLU arms, whose sub-claims (c, e) compare final accuracies, train
///   until validation accuracy has not improved for 5 epochs (at most 30); the test accuracy reported is
///   the best-validation epoch's.
/// - Paired: every arm has the same shapes, so per seed they share initial weights (drawn from the same
///   stream, scaled by each initializer) and data order.
/// - Smallest effect of interest: 1 point, the margin of "trains at it" (c) and "hides" (e) (the suite's
///   margin for "flat", as in `batchnorm-vs-layernorm`). Seed cap 8: 8 against 8 runs are enough for a
///   failure-rate rule (0 of 8 against 8 of 8: Fisher p = 8e-5); verdict.md prints each rule's MDE.
/// - Cut, to fit the budget (600 CPU s of tuning and evaluation): a first full-profile timing at 10,000
///   examples gave 8-16 s for each ReLU cell on a plateau (17-30 epochs), about 850 s in all, so the
///   training subset is 5,000 examples, and the seed cap 8 (not the suite's 30).
/// - Preconditions (`SubClaim.preconditions`): where a sub-claim presumes something (the net is stuck
///   without BN; the large rate breaks the plain net; N(0, 1) breaks it), that premise is tested first,
///   and if it is not supported the sub-claim is inconclusive, with verdict.md and subclaims.csv saying
///   which premise failed, instead of "does not hold".
///
/// Review (issue 20): the old "trains" threshold (training accuracy > 0.8, from `sigmoid-depth`) is gone:
/// "trains" is now "fails less often" (a) and "within 1 point of BN at its tuned rate" (c), both relative.
/// The 0.2 of "stuck" stays, as a precondition, because it is not a cut-off on how well a net trains but
/// the harness's definition of not training at all (twice chance). (a) and (d) were inconclusive because
/// comparisons leave out failed runs and every sigmoid-none and relu-normal1-none run failed; they now
/// compare failure rates. The issue is right that (b) "does not hold" was wrong: tanh was never stuck,
/// so "BN un-sticks tanh" is inconclusive with that reason; the old (b) tested "BN raises tanh's
/// accuracy", which the claim does not say. The old (c) failed on the 0.8 threshold by 0.8 points after
/// 624 updates while still improving; it now gets a plateau budget and a relative margin.
public struct BatchNormRescues: Experiment {
  public init() {}
  public let id = "batchnorm-rescues"
  public let title = "What BatchNorm rescues"
  public let claim = """
    BatchNorm lets sigmoid and tanh nets train without getting stuck, permits larger learning rates (a \
    rate that diverges or degrades an unnormalized net trains with BN), and can hide a bad initialization \
    that explodes without it.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Ioffe & Szegedy 2015 (MNIST 3x100 sigmoid nets train faster \
    and better with BN; BN-x5 and BN-x30 learning rates; "reduces the dependence of gradients on the \
    scale of the parameters or of their initial values").
    """
  public let pairsArms = true
  public let seedCap = 8  // the 600 CPU s budget of issue 20; verdict.md prints each rule's detectable effect

  static let depth = 10
  /// Twice chance: the harness's stall criterion (`RunFailure.stalled`).
  static let stuck = 0.2
  static let largeRate = 0.3
  static let margin = 0.01

  /// Quick: the declared 2; full: chosen by the power calculation from the tuning runs (this is its
  /// fallback when that has nothing to go on).
  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  /// How an arm's rate is set: tuned over a grid, or fixed.
  enum Rate { case tuned([Double]), fixed(Double) }

  /// (name stem, activation, initializer, rate, trains to a plateau)
  static let setups: [(stem: String, activation: ActivationSpec, initializer: InitializerSpec, rate: Rate, plateau: Bool)] = [
    ("sigmoid", .sigmoid, .glorotUniform, .tuned(Tuning.logGrid(0.01, 0.1, perDecade: 2)), false),
    ("tanh", .tanh, .glorotUniform, .fixed(0.01), false),
    ("relu-he", .relu, .heNormal, .tuned(Tuning.logGrid(0.00316, 0.0316, perDecade: 2)), true),
    ("relu-he", .relu, .heNormal, .fixed(largeRate), true),
    ("relu-normal1", .relu, .normal(standardDeviation: 1), .tuned(Tuning.logGrid(0.00316, 0.0316, perDecade: 2)), true),
  ]

  static func name(_ stem: String, _ norm: NormalizationSpec, large: Bool = false) -> String {
    "\(stem)-\(norm == .batchNorm ? "bn" : "none")" + (large ? "-x30" : "")
  }

  public func arms(for profile: Profile) -> [Arm] {
    Self.setups.flatMap { setup in
      [NormalizationSpec.none, .batchNorm].map { norm in
        var rate = 0.01, tuning: Tuning?
        switch setup.rate {
        case .fixed(let value): rate = value
        case .tuned(let grid):
          rate = grid[grid.count / 2]
          tuning = .learningRate(profile.pick(quick: Array(grid.prefix(2)), full: grid),
                                 maxExtensions: profile.pick(quick: 1, full: 2))
        }
        let configuration = RunConfiguration(
          network: NetworkSpec(hidden: Array(repeating: 128, count: Self.depth), activation: setup.activation,
                               initializer: setup.initializer, normalization: norm),
          optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: rate)), batchSize: 64,
          epochs: profile.pick(quick: 1, full: setup.plateau ? 30 : 4),
          trainSubset: profile.pick(quick: 200, full: 5_000), validationSplit: profile.pick(quick: 200, full: 10_000),
          earlyStoppingPatience: setup.plateau ? profile.pick(quick: 1, full: 5) : nil,
          testEvaluation: setup.plateau ? .selectedEpochOnly : nil)
        return Arm(Self.name(setup.stem, norm, large: rate == Self.largeRate), configuration,
                   factors: [.init("normalization", "\(norm)"), .init("activation", "\(setup.activation)"),
                             .init("initializer", "\(setup.initializer)"),
                             .init("rate", tuning == nil ? "\(rate)" : "tuned")],
                   tuning: tuning)
      }
    }
  }

  /// "`arm` is stuck": its mean validation accuracy is below twice chance (every run, a diverged one at
  /// chance).
  static func isStuck(_ arm: String) -> DecisionRule {
    .below(arm, threshold: stuck, metric: .finalValidationAccuracy)
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "BN un-sticks a 10-layer sigmoid net: stuck without BN at its tuned rate, it diverges or stalls less often with BN",
             preconditions: [isStuck("sigmoid-none")],
             rules: [.failsLessOften("sigmoid-bn", than: "sigmoid-none")]),
    SubClaim("b", "BN un-sticks a 10-layer tanh net: stuck without BN, it diverges or stalls less often with BN",
             preconditions: [isStuck("tanh-none")],
             rules: [.failsLessOften("tanh-bn", than: "tanh-none")]),
    SubClaim("c", "BN permits a larger rate: 0.3 (30x the usual 0.01) breaks the plain ReLU net, while the BN net trains at it, failing less often and within 1 point of BN at its tuned rate",
             smallestEffect: margin,
             preconditions: [.failsLessOften("relu-he-none", than: "relu-he-none-x30")],
             rules: [.failsLessOften("relu-he-bn-x30", than: "relu-he-none-x30"),
                     .notWorse("relu-he-bn-x30", than: "relu-he-bn", margin: margin, metric: .finalTestAccuracy)]),
    SubClaim("d", "N(0, 1) initialization breaks a 10-layer ReLU net without BN: it diverges or stalls more often than with He initialization, each at its tuned rate",
             rules: [.failsLessOften("relu-he-none", than: "relu-normal1-none")]),
    SubClaim("e", "BN hides the bad initialization: with BN, the N(0, 1) net fails less often than without and is within 1 point of He with BN, each at its tuned rate",
             smallestEffect: margin,
             preconditions: [.failsLessOften("relu-he-none", than: "relu-normal1-none")],
             rules: [.failsLessOften("relu-normal1-bn", than: "relu-normal1-none"),
                     .notWorse("relu-normal1-bn", than: "relu-he-bn", margin: margin, metric: .finalTestAccuracy)]),
  ]
}
