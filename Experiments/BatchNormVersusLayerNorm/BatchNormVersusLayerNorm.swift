import Harness
import TrainingCore

/// BatchNorm vs LayerNorm across batch sizes, each at its own tuned rate, and BatchNorm at larger
/// learning rates — shared/claims.md, `batchnorm-vs-layernorm`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, normalization after each hidden dense layer and before its
/// activation (BN: PyTorch conventions, running statistics at test time; LN: per example over the
/// units), cross-entropy, SGD with momentum 0.9 (PyTorch convention), constant rate, on a 5,000-example
/// class-balanced training subset (the old run: 10,000; halved for the budget, below), a class-balanced
/// 10,000-image validation split held out of the 60,000 training images (a new split per seed) and the
/// 10,000-image test set.
///
/// Protocol (shared/protocol.md):
/// - Tuned arms `batchnorm-b<size>` (batch 2, 4, 32, 128) and `layernorm-b<size>` (2, 4, 128): each
///   tunes its rate over three half-decades centred on the linear-scaling rate 0.1 · batch / 128 (Goyal
///   et al. 2017, as Wu & He 2018 scale), e.g. 0.000316-0.00316 at batch 2 and 0.0316-0.316 at batch
///   128, extended up to two points either way from an edge, on 2 tuning seeds. The old run gave every
///   arm the linear-scaling rate itself, which suits neither norm at every size (a 3-epoch probe at
///   batch 2: BN is best at or below it, and LN nearly as good at 10x it).
/// - Fixed arms `none-b128-x5`, `batchnorm-b128-x5` (rate 0.5) and `-x30` (3.0): 5x and 30x the base rate
///   0.1 at batch 128, the multiples of Ioffe & Szegedy's BN-x5 and BN-x30. Fixed because the claim is
///   about tolerating a given large rate, which tuning would remove.
/// - Budget (final accuracy): until validation accuracy has not improved for 5 epochs (at most 30); the
///   test accuracy reported is the best-validation epoch's. The old run gave every arm 6 epochs (equal
///   examples), which left batch 128 (468 updates) still improving and made LN look worse there.
/// - Paired: every arm has the same shapes, so per seed they share initial weights and data order.
/// - Smallest effects of interest: 0.5 accuracy points (1.5 binomial standard errors of one run on 10,000
///   images, the suite's "tied") for the ordering, "LN beats BN" and "BN at least as good as LN" (also
///   that rule's margin); 1 point for "LN stays flat" (its non-inferiority margin: flat at the scale of
///   Wu & He's BN drop, 11 points from 32 to 2 images per GPU).
/// Sub-claims: (a) BN's accuracy falls as the batch shrinks, 32 > 4 > 2; (b) LN is not worse at
/// batch 2 and 4 than at 128 by more than 1 point; (c) LN beats BN at batch 2 and 4; (d) at batch 128
/// BN is at least as good as LN; (e) at 5x and 30x the base rate BN diverges or stalls less often than
/// the unnormalized net.
///
/// Review (issue 20): (b) was a two-sided TOST, but "stays flat" as the claim uses it is one-sided (LN
/// does not lose accuracy at small batches); the old run found LN 0.6-0.8 points *better* at small
/// batches than at an undertrained batch 128, which a TOST within ±1 point could not confirm. It is
/// non-inferiority now. (e) compared accuracies, but every unnormalized run at 5x and 30x diverged, so
/// that comparison had no runs; the claim ("BN tolerates larger rates") is about whether the net trains
/// at all, so (e) compares failure rates (Fisher's exact test).
///
/// Cut, to fit the budget (900 CPU s of tuning and evaluation; a first full-profile timing at 10,000
/// examples, batch 2-128 and patience 5 gave 3-21 s a cell, about 1,700 s in all):
/// - the unnormalized arms at batch 2-128 and the LN arms at 32 and at 5x/30x, which no sub-claim
///   compares (the old run: no normalization at 82.5-83.5% at every batch size, LN at 32 84.2%, LN at 5x
///   81.4%, LN at 30x collapsed);
/// - batch 8 for both norms (the old run: BN 83.9%, LN 84.1%): the ordering is 32 > 4 > 2, still the three
///   steps where Wu & He's error grows (23.6, 27.3, 34.7 at 32, 4, 2), and "flat" is checked at 2 and 4,
///   the sizes Ba et al. and the claim name;
/// - the training subset, 10,000 to 5,000 examples: batch 2 and 4 cost per update, not per example, and
///   took 8-21 s a cell;
/// - seeds: capped at 10. The spread of BN at batch 2 (6 points in the old run) inflates the pooled
///   paired spread, so the power calculation would always ask for the suite's cap of 30; verdict.md
///   prints each rule's minimum detectable effect.
///
/// CNN arms (issue 19; `model` = cnn, every other arm `model` = mlp). Why here: the source's "LN is worse
/// than BN" is about convolutional nets (Ba et al. 2016 found LN behind BN in CNNs; Wu & He's numbers are
/// ResNets), where BN normalizes each channel over the batch and the positions, and LN each example over
/// C x H x W.
/// - Net: conv 8 (3 x 3, padding 1) -> norm -> ReLU -> pool -> conv 16 -> norm -> ReLU -> pool -> dense 64
///   -> norm -> ReLU -> 10, He normal. Arms `cnn-batchnorm-b4`, `cnn-layernorm-b4`, `cnn-batchnorm-b128`,
///   `cnn-layernorm-b128`: the two ends of the MLP arms' sizes (batch 2 and 32 cut for the budget).
/// - Data and budget: 5,000-example training subset (as the MLP arms), a 5,000-image validation split
///   (half theirs, for the budget), SGD with momentum 0.9, early stopping with patience 4 (at most 25
///   epochs), test at the selected epoch only.
/// - Tuned per batch size, as the MLP arms: the rate over three half-decades centred on 0.1 · batch / 128,
///   extended up to two points either way from an edge, on the 2 tuning seeds. Paired (same shapes).
/// - Sub-claims: (cnn-c) at batch 4 LN beats BN, smallest effect 0.5 points; (cnn-d) at batch 128 BN is
///   not worse than LN by more than 0.5 points (the source's "LN is worse than BN" in its testable form).
/// - Seeds: the CNN arms are a `SeedGroup`: their own power calculation over (cnn-c, cnn-d), capped at 8,
///   and their own Holm family; the MLP arms' seeds and family are unchanged (SeedGroupTests).
/// - Cost (timed 2026-12-03, `tricks run` of these arms at the linear-scaling rate, --jobs 1, CPU s):
///   0.73-0.82 s an epoch at either batch size (batch 4 costs no more per example), runs of 7-14 epochs,
///   5.2-11.4 s, about 10 s. Tuning 4 arms x 3 rates x 2 seeds = 24 runs (40 with every extension),
///   evaluation 4 x at most 8 = 32: 56-72 runs x 10 s = 560-720 s; 1,440 s if every run reached the cap.
public struct BatchNormVersusLayerNorm: Experiment {
  public init() {}
  public let id = "batchnorm-vs-layernorm"
  public let title = "BatchNorm vs LayerNorm across batch sizes"
  public let claim = """
    BatchNorm's accuracy falls as the batch shrinks (its batch statistics stop representing the data), \
    while LayerNorm, which normalizes each example over its units, stays flat; at large batches BN is at \
    least as good as LN; BN tolerates a larger learning rate than an unnormalized net.
    """
  public let source = """
    Practitioner articles (shared/claims.md); Ioffe & Szegedy 2015; Ba et al. 2016 (LN robust at batch 4 \
    and 128); Wu & He 2018 (ResNet-50 ImageNet error with BN at 32/16/8/4/2 images per GPU: \
    23.6/23.7/24.8/27.3/34.7).
    """
  public let pairsArms = true
  public let seedCap = 10  // the 900 CPU s budget of issue 20; verdict.md prints each rule's detectable effect

  /// Quick: the declared 2; full: chosen by the power calculation from the tuning runs (this is its
  /// fallback when that has nothing to go on).
  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let batchNormSizes = [2, 4, 32, 128]
  static let layerNormSizes = [2, 4, 128]
  static let baseRate = 0.1  // at batch 128
  static let multiples = [5, 30]

  /// The linear-scaling rate at `batch`: 0.1 · batch / 128.
  static func linearRate(_ batch: Int) -> Double { baseRate * Double(batch) / 128 }

  public func arms(for profile: Profile) -> [Arm] {
    func configuration(_ norm: NormalizationSpec, batch: Int, rate: Double) -> RunConfiguration {
      RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal, normalization: norm),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: rate)),
        batchSize: batch, epochs: profile.pick(quick: 2, full: 30),
        trainSubset: profile.pick(quick: 500, full: 5_000), validationSplit: profile.pick(quick: 500, full: 10_000),
        earlyStoppingPatience: profile.pick(quick: 1, full: 5), testEvaluation: .selectedEpochOnly)
    }
    func tuned(_ norm: NormalizationSpec, _ batch: Int) -> Arm {
      let rate = Self.linearRate(batch), third = 10.0.squareRoot()
      let grid = Tuning.logGrid(rate / third, rate * third, perDecade: 2)
      return Arm("\(norm)-b\(batch)", configuration(norm, batch: batch, rate: rate),
                 factors: [.init("model", "mlp"), .init("normalization", "\(norm)"), .init("batch_size", "\(batch)"),
                           .init("rate", "tuned")],
                 tuning: .learningRate(profile.pick(quick: Array(grid.prefix(2)), full: grid),
                                       maxExtensions: profile.pick(quick: 1, full: 2)))
    }
    let fixed = Self.multiples.flatMap { multiple in
      [NormalizationSpec.none, .batchNorm].map { norm in
        Arm("\(norm)-b128-x\(multiple)", configuration(norm, batch: 128, rate: Self.baseRate * Double(multiple)),
            factors: [.init("model", "mlp"), .init("normalization", "\(norm)"), .init("batch_size", "128"),
                      .init("rate", "\(Self.baseRate * Double(multiple))")])
      }
    }
    return Self.batchNormSizes.map { tuned(.batchNorm, $0) } + Self.layerNormSizes.map { tuned(.layerNorm, $0) } + fixed
      + cnnArms(for: profile)
  }

  // MARK: - CNN arms (issue 19)

  static let cnnSizes = [4, 128]

  /// BN (per channel) and LN (over C x H x W) in a CNN (conv 8-pool, conv 16-pool, dense 64; the norm
  /// after every conv and the dense layer), at batch 4 and 128, each tuning its rate over the MLP arms'
  /// three half-decades around the linear-scaling rate.
  func cnnArms(for profile: Profile) -> [Arm] {
    Self.cnnSizes.flatMap { batch in
      [NormalizationSpec.batchNorm, .layerNorm].map { norm in
        let rate = Self.linearRate(batch), third = 10.0.squareRoot()
        let grid = Tuning.logGrid(rate / third, rate * third, perDecade: 2)
        let configuration = RunConfiguration(
          network: NetworkSpec(hidden: [profile.pick(quick: 16, full: 64)], activation: .relu, initializer: .heNormal,
                               normalization: norm, convolution: .standard(profile.pick(quick: [4], full: [8, 16]))),
          optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: rate)),
          batchSize: batch, epochs: profile.pick(quick: 1, full: 25),
          trainSubset: profile.pick(quick: 200, full: 5_000), validationSplit: profile.pick(quick: 200, full: 5_000),
          earlyStoppingPatience: profile.pick(quick: 1, full: 4), testEvaluation: .selectedEpochOnly)
        return Arm("cnn-\(norm)-b\(batch)", configuration,
                   factors: [.init("model", "cnn"), .init("normalization", "\(norm)"), .init("batch_size", "\(batch)"),
                             .init("rate", "tuned")],
                   tuning: .learningRate(profile.pick(quick: Array(grid.prefix(2)), full: grid),
                                         maxExtensions: profile.pick(quick: 1, full: 2)))
      }
    }
  }

  /// The CNN arms' own seeds (`SeedGroup`): power calculation over the CNN sub-claims, capped at 8.
  public var seedGroups: [SeedGroup] { [SeedGroup("cnn", factor: .init("model", "cnn"), cap: 8, fullSeeds: 8)] }

  static let tied = 0.005  // half a point of accuracy
  static let flat = 0.01  // 1 point of accuracy

  public let subClaims: [SubClaim] = [
    SubClaim("a", "BN's accuracy falls as the batch shrinks: 32 > 4 > 2, each at its tuned rate",
             smallestEffect: tied,
             rules: [.ordering(["batchnorm-b32", "batchnorm-b4", "batchnorm-b2"],
                               metric: .finalTestAccuracy)]),
    SubClaim("b", "LN's accuracy stays flat: at batch 2 and 4 it is not worse than at batch 128 by more than 1 point",
             smallestEffect: flat,
             rules: layerNormSizes.filter { $0 != 128 }.map {
               .notWorse("layernorm-b\($0)", than: "layernorm-b128", margin: flat, metric: .finalTestAccuracy)
             }),
    SubClaim("c", "At small batches (2 and 4) LN beats BN, each at its tuned rate",
             smallestEffect: tied,
             rules: [2, 4].map { .beats("layernorm-b\($0)", ["batchnorm-b\($0)"], metric: .finalTestAccuracy) }),
    SubClaim("d", "At batch 128, BN is at least as good as LN (margin 0.5 points)",
             smallestEffect: tied,
             rules: [.notWorse("batchnorm-b128", than: "layernorm-b128", margin: tied, metric: .finalTestAccuracy)]),
    SubClaim("e", "BN tolerates larger rates: at 5x and 30x the base rate it diverges or stalls less often than the unnormalized net",
             rules: multiples.map { .failsLessOften("batchnorm-b128-x\($0)", than: "none-b128-x\($0)") }),
    SubClaim("cnn-c", "CNN: at batch 4, LN beats BN, each at its tuned rate",
             smallestEffect: tied, rules: [.beats("cnn-layernorm-b4", ["cnn-batchnorm-b4"], metric: .finalTestAccuracy)]),
    SubClaim("cnn-d", "CNN: at batch 128, BN is at least as good as LN (margin 0.5 points), each at its tuned rate",
             smallestEffect: tied,
             rules: [.notWorse("cnn-batchnorm-b128", than: "cnn-layernorm-b128", margin: tied, metric: .finalTestAccuracy)]),
  ]
}
