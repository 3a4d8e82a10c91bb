import Harness
import TrainingCore

/// No normalization vs BatchNorm vs LayerNorm across batch sizes, and at larger learning rates —
/// shared/claims.md, `batchnorm-vs-layernorm`.
///
/// Method: 784-128-128-10 ReLU MLP, He normal, normalization after each hidden dense layer and before its
/// activation (BN: PyTorch conventions, running statistics at test time; LN: per example over the
/// units). SGD with momentum 0.9, constant rate. Every arm sees the same number of examples: a
/// 10,000-example class-balanced training subset for 6 epochs (60,000 examples; full 10,000-image test
/// set), so batch 2 takes 30,000 updates and batch 128 takes 468.
/// - Batch sizes 2, 4, 8, 32, 128 for none, batchnorm, layernorm, with the linear scaling rule (Goyal et
///   al. 2017; Wu & He 2018 scale the same way): rate = 0.1 · batch / 128, from 0.0015625 at batch 2.
/// - Larger rates at batch 128: 5x and 30x the base (0.5 and 3.0), the multiples of Ioffe & Szegedy's
///   BN-x5 and BN-x30, for none, batchnorm and layernorm. (An LR range test of the plain net, in
///   paper-notes/lr-schedules.md, collapses above about 0.27.)
/// Metric: final test accuracy, 10 seeds; one-sided Welch, TOST or non-inferiority tests, Holm over the
/// experiment. A diverged run counts as chance accuracy.
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

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static let norms: [NormalizationSpec] = [.none, .batchNorm, .layerNorm]
  static let batchSizes = [2, 4, 8, 32, 128]
  static let baseRate = 0.1  // at batch 128
  static let multiples = [5, 30]

  public func arms(for profile: Profile) -> [Arm] {
    let subset = profile.pick(quick: 1000, full: 10_000), epochs = profile.pick(quick: 1, full: 6)
    func arm(_ name: String, _ norm: NormalizationSpec, batch: Int, rate: Double, multiple: Int) -> Arm {
      Arm(name, RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal, normalization: norm),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: rate)),
        batchSize: batch, epochs: epochs, trainSubset: subset),
        factors: [.init("normalization", "\(norm)"), .init("batch_size", "\(batch)"),
                  .init("rate_multiple", "\(multiple)")])
    }
    var arms: [Arm] = []
    for batch in Self.batchSizes {
      for norm in Self.norms {
        arms.append(arm("\(norm)-b\(batch)", norm, batch: batch, rate: Self.baseRate * Double(batch) / 128, multiple: 1))
      }
    }
    for multiple in Self.multiples {
      for norm in Self.norms {
        arms.append(arm("\(norm)-b128-x\(multiple)", norm, batch: 128, rate: Self.baseRate * Double(multiple),
                        multiple: multiple))
      }
    }
    return arms
  }

  static let margin = 0.01  // 1 point of accuracy: "flat" at the scale of Wu & He's BN drop (11 points)

  public let subClaims: [SubClaim] = [
    SubClaim("a", "BN's accuracy falls as the batch shrinks: 32 > 8 > 4 > 2",
             rules: [.ordering(["batchnorm-b32", "batchnorm-b8", "batchnorm-b4", "batchnorm-b2"],
                               metric: .finalTestAccuracy)]),
    SubClaim("b", "LN's accuracy stays flat: at batch 2, 4 and 8 within 1 point of batch 128",
             rules: [2, 4, 8].map {
               .equivalent("layernorm-b\($0)", "layernorm-b128", margin: margin, metric: .finalTestAccuracy)
             }),
    SubClaim("c", "At small batches (2 and 4) LN beats BN",
             rules: [2, 4].map { .beats("layernorm-b\($0)", ["batchnorm-b\($0)"], metric: .finalTestAccuracy) }),
    SubClaim("d", "At batch 128, BN is at least as good as LN (margin 0.5 points)",
             rules: [.notWorse("batchnorm-b128", than: "layernorm-b128", margin: 0.005, metric: .finalTestAccuracy)]),
    SubClaim("e", "BN tolerates larger rates: at 5x and 30x the base rate it beats the unnormalized net",
             rules: multiples.map { .beats("batchnorm-b128-x\($0)", ["none-b128-x\($0)"], metric: .finalTestAccuracy) }),
  ]
}
