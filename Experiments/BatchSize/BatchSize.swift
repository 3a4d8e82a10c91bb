import Harness
import TrainingCore

/// Batch sizes 8 to 2048, each at its own tuned rate, trained to a validation plateau —
/// shared/claims.md, `batch-size`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, cross-entropy, SGD with momentum 0.9 (PyTorch convention),
/// constant rate, on an 8,192-example class-balanced training subset (4 · 2048, so every batch size
/// divides it), a class-balanced 10,000-image validation split held out of the 60,000 training images
/// (a new split per seed), and the 10,000-image test set.
///
/// Protocol (shared/protocol.md):
/// - Tuned arms `b<size>`, batch 8, 32, 128, 512, 2048: each tunes its rate over 0.001-0.1 (half-decades),
///   extended up to two points either way from an edge, on 2 tuning seeds. Tuning subsumes the linear
///   scaling rule (Goyal et al. 2017): a larger batch gets the larger rate it needs if it helps on
///   validation, so it is not handicapped by taking fewer, equally small steps.
/// - Fixed arm `b128-lr0.001`: batch 128 at 0.001, ten times below the usual 0.01 default of SGD with
///   momentum (fixed: the claim is about a mis-set rate).
/// - Budget (generalization): until validation accuracy has not improved for 10 epochs (at most 150:
///   batch 2048 takes 4 updates an epoch); the test accuracy reported is the best-validation epoch's.
/// - Paired: every arm has the same shapes, so per seed they share initial weights and data order.
/// Probe `train-evaluation`: the training subset re-evaluated after training in the inference phase, for
/// the train-test gap (Keskar et al.'s "generalization gap").
/// Smallest effects of interest: 0.5 accuracy points for "generalizes worse" and its gap (1.5 binomial
/// standard errors of one run on 10,000 images, the suite's "tied"); 1 point for "flat" and "matters
/// more" (4-5x Keskar's MNIST gap of 0.22 points), which are also the rules' margins.
public struct BatchSize: Experiment {
  public init() {}
  public let id = "batch-size"
  public let title = "Batch size, each at its tuned rate"
  public let claim = """
    Larger batches cut training time and smooth the curve, but past a critical size they generalize \
    worse; below it, results are less sensitive to the batch size than to the learning rate.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Keskar et al. 2017, "On Large-Batch Training for Deep \
    Learning" (MNIST fully connected: 98.03% small batch vs 97.81% large batch test accuracy); Goyal et \
    al. 2017 (linear scaling rule).
    """
  public let probes: [ProbeKind] = [.trainEvaluation]
  public let pairsArms = true

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let batchSizes = [8, 32, 128, 512, 2048]

  public func arms(for profile: Profile) -> [Arm] {
    func configuration(batch: Int, rate: Double) -> RunConfiguration {
      RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: rate)),
        batchSize: profile.pick(quick: min(batch, 250), full: batch), epochs: profile.pick(quick: 2, full: 150),
        trainSubset: profile.pick(quick: 500, full: 8192), validationSplit: profile.pick(quick: 500, full: 10_000),
        earlyStoppingPatience: profile.pick(quick: 1, full: 10))
    }
    let tuning = Tuning.learningRate(profile.pick(quick: [0.01, 0.1], full: Tuning.logGrid(0.001, 0.1, perDecade: 2)),
                                     maxExtensions: profile.pick(quick: 1, full: 2))
    return Self.batchSizes.map {
      Arm("b\($0)", configuration(batch: $0, rate: 0.01), factors: [.init("batch_size", "\($0)"), .init("rate", "tuned")],
          tuning: tuning)
    } + [Arm("b128-lr0.001", configuration(batch: 128, rate: 0.001),
             factors: [.init("batch_size", "128"), .init("rate", "0.001")])]
  }

  static let tied = 0.005  // half a point of accuracy
  static let flat = 0.01  // 1 point of accuracy

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Past a critical size, larger batches generalize worse: batch 128 beats batch 2048, each at its tuned rate",
             smallestEffect: tied, rules: [.beats("b128", ["b2048"], metric: .finalTestAccuracy)]),
    SubClaim("b", "Keskar's mechanism: batch 2048 has a larger train-test gap (inference phase) than batch 128",
             smallestEffect: tied, rules: [.beats("b128", ["b2048"], metric: .inferenceTrainTestGap)]),
    SubClaim("c", "Below it, batch size matters little: batch 8 and 32 are within 1 point of batch 128 (TOST)",
             smallestEffect: flat,
             rules: [8, 32].map { .equivalent("b\($0)", "b128", margin: flat, metric: .finalTestAccuracy) }),
    SubClaim("d", "The rate matters more: at batch 128, a rate of 0.001 (10x below the usual 0.01) costs more than 1 point against the tuned rate",
             smallestEffect: flat,
             rules: [.notWorse("b128", than: "b128-lr0.001", margin: -flat, metric: .finalTestAccuracy)]),
  ]
}
