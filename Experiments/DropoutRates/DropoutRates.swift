import Harness
import TrainingCore

/// Dropout rates for hidden and input units — shared/claims.md, `dropout-rates`.
///
/// Method: a 784-256-256-10 ReLU MLP (He-normal weights, zero biases), wide enough to overfit the data
/// it gets, trained with cross-entropy and SGD with momentum 0.9 (PyTorch convention), batch 128, on two
/// class-balanced Fashion-MNIST training subsets, "large" (10,000 examples) and "small" (2,000, the
/// claims.md "training subset"), with a class-balanced 10,000-image validation split held out of the
/// 60,000 training images (a new split per seed; never overlapping the subset) and the 10,000-image test
/// set. Inverted dropout (drop rate p, kept units scaled by 1/(1 − p) in training).
/// What varies: the hidden drop rate p ∈ {0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8} (no input dropout), and, at
/// p = 0.5, the input drop rate ∈ {0.2, 0.5} (Srivastava et al.'s 0.2, and a "large" 0.5).
///
/// Protocol (shared/protocol.md):
/// - Tuning: every arm tunes its constant learning rate over 0.01, 0.0316 and 0.1 (half-decades), extended
///   up to two points either way from an edge, on 2 tuning seeds. Srivastava et al. train dropout nets at
///   higher rates, so one shared rate would measure which arm it suits.
/// - Budget (generalization): train until validation accuracy has not improved for 10 epochs (at most
///   100); the test accuracy reported is the best-validation epoch's.
/// - Paired: every arm of a subset has the same shapes, so per seed they share initial weights, dropout
///   uniforms and data order; comparisons are paired t tests.
/// - Smallest effect of interest: 0.5 accuracy points, about 1.5 binomial standard errors of one run on
///   10,000 test images, the suite's "tied". For the gap it is 1 point: a narrowing smaller than that is
///   not what the claim is about.
/// Metrics: test accuracy; the train-test gap with the training subset re-evaluated in the inference
/// phase (the running training accuracy is taken with dropout on and would understate the fit).
///
/// CNN arms (issue 19; `model` = cnn, every other arm `model` = mlp). Why here: Srivastava et al. report
/// their CIFAR and SVHN gains for dropout in convolutional nets (SVHN test error 3.95% without dropout,
/// 3.02% with it in the fully connected layers, 2.55% in all layers: most of the gain from the dense
/// head), and CNNs that keep dropout keep it there.
/// - Net: conv 8 (3 x 3, padding 1) -> pool -> conv 16 -> pool -> dense 128 (+ dropout p) -> 10, ReLU, He
///   normal; arms `cnn-small-h0.0` and `cnn-small-h0.5` (no dropout in the convolutions, none on the input).
/// - Data and budget: the MLP arms' "small" 2,000-example subset (where there is overfitting to reduce),
///   a 5,000-image validation split (half the MLP arms', for the budget), batch 64, SGD
///   with momentum 0.9; early stopping with patience 6 (at most 40 epochs), test at the selected epoch only.
/// - Tuned: the rate over 0.01, 0.0316, 0.1, extended up to two points either way from an edge, on the 2
///   tuning seeds (dropout nets want higher rates, as for the MLP arms). Paired (same shapes).
/// - Sub-claims: (cnn-a) p = 0.5 is not worse than none by more than 0.5 points (the "works well" of the
///   claim, as a non-inferiority); (cnn-b) p = 0.5 narrows the inference-phase train-test gap, smallest
///   effect 1 point.
/// - Seeds: the CNN arms are a `SeedGroup`: their own power calculation over (cnn-a, cnn-b), capped at 8,
///   and their own Holm family; the MLP arms' seeds and family are unchanged (SeedGroupTests).
/// - Cost (timed 2026-12-03, `tricks run` of these arms at --jobs 1, CPU s): 0.31 s an epoch, 14-25
///   epochs, 4.3-8.3 s a run (12.4 s at the 40-epoch cap). Tuning 2 arms x 3 rates x 2 seeds = 12 runs (20
///   with every extension), evaluation 2 x at most 8 = 16: 28-36 runs x about 6.5 s = 180-235 s; 450 s at
///   the cap.
public struct DropoutRates: Experiment {
  public init() {}
  public let id = "dropout-rates"
  public let title = "Dropout rates for hidden and input units"
  public let claim = """
    Dropping hidden units with p = 0.5 works well for most networks; for the input layer the keep \
    probability should be close to 1 (drop about 0.2), and large input dropout hurts. Dropout reduces \
    overfitting: it narrows the gap between training and test accuracy.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Srivastava et al. 2014 (error flat for keep 0.4-0.8; \
    recommended keep 0.5-0.8 hidden, 0.8 input; higher learning rates with dropout).
    """
  public let probes: [ProbeKind] = [.trainEvaluation]
  public let pairsArms = true
  public let seedCap = 20  // the suite's 2.5-hour budget; verdict.md prints each rule's detectable effect

  static let hiddenRates = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8]
  static let inputRates = [0.2, 0.5]
  static let sizes: [(name: String, examples: Int)] = [("large", 10_000), ("small", 2_000)]
  static let margin = 0.005

  /// Quick: the declared 2; full: chosen by the power calculation from the tuning runs (this is its
  /// fallback when that has nothing to go on).
  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  public func arms(for profile: Profile) -> [Arm] {
    let rates = Self.hiddenRates.map { (hidden: $0, input: 0.0) } + Self.inputRates.map { (hidden: 0.5, input: $0) }
    let tuning = Tuning.learningRate(profile.pick(quick: [0.01, 0.1], full: Tuning.logGrid(0.01, 0.1, perDecade: 2)),
                                     maxExtensions: profile.pick(quick: 1, full: 2))
    return Self.sizes.flatMap { size in
      rates.map { rate in
        let configuration = RunConfiguration(
          network: NetworkSpec(hidden: [256, 256], activation: .relu, initializer: .heNormal,
                               dropout: rate.hidden, inputDropout: rate.input),
          optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)), batchSize: 128,
          epochs: profile.pick(quick: 2, full: 100), trainSubset: profile.pick(quick: 500, full: size.examples),
          validationSplit: profile.pick(quick: 500, full: 10_000), earlyStoppingPatience: profile.pick(quick: 1, full: 10))
        return Arm(Self.name(size.name, rate.hidden, rate.input), configuration,
                   factors: [.init("model", "mlp"), .init("subset", size.name), .init("hidden_drop", "\(rate.hidden)"),
                             .init("input_drop", "\(rate.input)")], tuning: tuning)
      }
    } + cnnArms(for: profile)
  }

  // MARK: - CNN arms (issue 19)

  /// Dropout in a CNN's dense head: conv 8-pool, conv 16-pool, dense 128 (+ dropout), on the small subset.
  func cnnArms(for profile: Profile) -> [Arm] {
    let tuning = Tuning.learningRate(profile.pick(quick: [0.01, 0.1], full: Tuning.logGrid(0.01, 0.1, perDecade: 2)),
                                     maxExtensions: profile.pick(quick: 1, full: 2))
    return [0.0, 0.5].map { rate in
      let configuration = RunConfiguration(
        network: NetworkSpec(hidden: [profile.pick(quick: 16, full: 128)], activation: .relu, initializer: .heNormal,
                             dropout: rate, convolution: .standard(profile.pick(quick: [4], full: [8, 16]))),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.03)), batchSize: 64,
        epochs: profile.pick(quick: 1, full: 40), trainSubset: profile.pick(quick: 200, full: 2_000),
        validationSplit: profile.pick(quick: 200, full: 5_000), earlyStoppingPatience: profile.pick(quick: 1, full: 6),
        testEvaluation: .selectedEpochOnly)
      return Arm(Self.cnnName(rate), configuration,
                 factors: [.init("model", "cnn"), .init("subset", "small"), .init("hidden_drop", "\(rate)"),
                           .init("input_drop", "0.0")], tuning: tuning)
    }
  }

  static func cnnName(_ hidden: Double) -> String { "cnn-small-h\(hidden)" }

  /// The CNN arms' own seeds (`SeedGroup`): power calculation over the CNN sub-claims, capped at 8.
  public var seedGroups: [SeedGroup] { [SeedGroup("cnn", factor: .init("model", "cnn"), cap: 8, fullSeeds: 8)] }

  static func name(_ size: String, _ hidden: Double, _ input: Double = 0) -> String {
    "\(size)-h\(hidden)" + (input > 0 ? "-in\(input)" : "")
  }

  public let subClaims: [SubClaim] = sizes.flatMap { size -> [SubClaim] in
    let s = size.name, half = name(s, 0.5)
    return [
      SubClaim("a-\(s)", "\(s) subset: hidden p = 0.5 is best or tied-best (not worse than any other rate by 0.5 points)",
               smallestEffect: margin,
               rules: hiddenRates.filter { $0 != 0.5 }.map {
                 .notWorse(half, than: name(s, $0), margin: margin, metric: .finalTestAccuracy)
               }),
      SubClaim("b-\(s)", "\(s) subset: dropout (p = 0.5) narrows the train-test gap (inference-phase train accuracy)",
               smallestEffect: 0.01, rules: [.beats(half, [name(s, 0)], metric: .inferenceTrainTestGap)]),
      SubClaim("c-\(s)", "\(s) subset: large input dropout (0.5) hurts test accuracy, compared with 0.2 and with none",
               smallestEffect: margin,
               rules: [.beats(name(s, 0.5, 0.2), [name(s, 0.5, 0.5)], metric: .finalTestAccuracy),
                       .beats(half, [name(s, 0.5, 0.5)], metric: .finalTestAccuracy)]),
      SubClaim("d-\(s)", "\(s) subset: input dropout 0.2 costs at most 0.5 points of test accuracy (keep close to 1)",
               smallestEffect: margin,
               rules: [.notWorse(name(s, 0.5, 0.2), than: half, margin: margin, metric: .finalTestAccuracy)]),
    ]
  } + [
    SubClaim("cnn-a", "CNN, small subset: hidden p = 0.5 in the dense head is not worse than no dropout by 0.5 points, each at its tuned rate",
             smallestEffect: margin,
             rules: [.notWorse(cnnName(0.5), than: cnnName(0), margin: margin, metric: .finalTestAccuracy)]),
    SubClaim("cnn-b", "CNN, small subset: dropout (p = 0.5) in the dense head narrows the train-test gap (inference-phase train accuracy)",
             smallestEffect: 0.01, rules: [.beats(cnnName(0.5), [cnnName(0)], metric: .inferenceTrainTestGap)]),
  ]
}
