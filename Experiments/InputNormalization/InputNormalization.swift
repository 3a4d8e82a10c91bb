import Datasets
import Harness
import TrainingCore

/// Standardized inputs, raw inputs and tanh-squashed inputs — shared/claims.md, `input-normalization`.
///
/// Method: a 784-128-128-10 ReLU MLP (He normal, biases zero), cross-entropy, SGD with momentum 0.9
/// (PyTorch convention) at a fixed 0.01, batch 64, 5 epochs on a 10,000-example class-balanced
/// Fashion-MNIST training subset; the full 10,000-image test set. Only the input preprocessing varies
/// (`Preprocessing`; μ = 0.2860, σ = 0.3530 fitted on all training pixels, applied to both sets):
/// - `raw255`: x, 0...255: the "large, unnormalized" input. Pixels are bounded, so an unbounded input
///   cannot be shown on Fashion-MNIST; raw bytes stand in for a feature on a scale far from 1;
/// - `unit-range`: x/255, 0...1 (scaled, not centred);
/// - `standardized`: (x/255 − μ)/σ (the suite's default);
/// - `tanh-raw`: tanh(x/C) with C = 100, about the raw pixels' standard deviation (90): the claim's
///   squash applied to the large raw input, with a scale one could estimate for an unbounded feature;
/// - `tanh-standardized`: tanh of the standardized value (C = one σ).
/// Metrics: training loss of epoch 1 (running mean over its mini-batches) for "speeds learning"; final
/// test accuracy. 20 seeds: the cells are cheap (a 2-layer net) and the non-inferiority rules need the
/// power. Margins: "as good as" = non-inferiority within 0.5 points (about 1.5 binomial standard errors of
/// one run); the tanh-squashed raw input "rescues" training when it beats raw and is within 1 point of
/// standardized (it is not centred, so it need not match standardization exactly). One-sided Welch
/// tests, except one: raw inputs make the epoch-1 loss explode by orders of magnitude that differ from
/// seed to seed (10⁵ to 10¹⁰ in a 2-seed trial run), which a test of means cannot compare, so standardized
/// vs raw on that loss uses Mann-Whitney U (ranks). Holm over the experiment; diverged runs count as
/// chance accuracy; rules decided from the claim's wording before any full run.
public struct InputNormalization: Experiment {
  public init() {}
  public let id = "input-normalization"
  public let title = "Input standardization and tanh squashing"
  public let claim = """
    Standardizing the inputs (subtract the mean, divide by the standard deviation) speeds learning \
    compared with unscaled or merely rescaled inputs; large unnormalized inputs should be squashed with \
    tanh(x/C), which makes them usable again, and squashing costs nothing on inputs that are already \
    standardized.
    """
  public let source = """
    Practitioner articles (shared/claims.md); LeCun, Bottou, Orr & Müller 1998, "Efficient BackProp" \
    (inputs with zero mean and similar variances speed up gradient descent).
    """

  static let preprocessings: [Preprocessing] = [.raw255, .unitRange, .standardized, .tanhRaw, .tanhStandardized]
  static let margin = 0.005, rescueMargin = 0.01

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 20) }

  public func arms(for profile: Profile) -> [Arm] {
    Self.preprocessings.map { preprocessing in
      let configuration = RunConfiguration(
        network: NetworkSpec(hidden: [128, 128], activation: .relu, initializer: .heNormal),
        optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.01)), batchSize: 64,
        epochs: profile.pick(quick: 1, full: 5), trainSubset: profile.pick(quick: 1000, full: 10_000),
        preprocessing: preprocessing)
      return Arm(preprocessing.rawValue, configuration, factors: [.init("preprocessing", preprocessing.rawValue)])
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "Standardizing speeds learning: lower epoch-1 training loss than unit-range and raw inputs",
             rules: [.beats("standardized", ["unit-range"], metric: .trainLoss(epoch: 1)),
                     .beats("standardized", ["raw255"], metric: .trainLoss(epoch: 1), test: .mannWhitney)]),
    SubClaim("b", "Large unnormalized (raw 0-255) inputs hurt: standardized beats raw on test accuracy",
             rules: [.beats("standardized", ["raw255"], metric: .finalTestAccuracy)]),
    SubClaim("c", "tanh(x/100) rescues the raw input: it beats raw and is within 1 point of standardized on test accuracy",
             rules: [.beats("tanh-raw", ["raw255"], metric: .finalTestAccuracy),
                     .notWorse("tanh-raw", than: "standardized", margin: rescueMargin, metric: .finalTestAccuracy)]),
    SubClaim("d", "Squashing standardized inputs costs nothing: tanh(z) within 0.5 points of z on test accuracy",
             rules: [.notWorse("tanh-standardized", than: "standardized", margin: margin, metric: .finalTestAccuracy)]),
  ]
}
