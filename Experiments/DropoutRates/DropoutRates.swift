import Harness
import TrainingCore

/// Dropout rates for hidden and input units — shared/claims.md, `dropout-rates`.
///
/// Method: a 784-256-256-10 ReLU MLP (He-normal weights, zero biases), wide enough to overfit the data
/// it gets, trained with cross-entropy and SGD with momentum 0.9 (PyTorch convention) at a fixed 0.05,
/// on two class-balanced Fashion-MNIST training subsets: "large", 10,000 examples, batch 128, 10 epochs;
/// "small", 2,000 examples, batch 64, 20 epochs (the claims.md "training subset"); the full 10,000-image
/// test set. Inverted dropout (drop rate p, kept units scaled by 1/(1 − p) in training).
/// What varies: the hidden drop rate p ∈ {0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8} (no input dropout), and, at
/// p = 0.5, the input drop rate ∈ {0.2, 0.5} (Srivastava et al.'s 0.2, and a "large" 0.5).
/// Metrics: final test accuracy; the train-test gap measured with the training set re-evaluated in the
/// inference phase (`trainEvaluation`: the running training accuracy is taken with dropout on, which
/// would understate the fit of dropout arms); the plain `train_test_gap` is reported too.
/// Margins: "tied" means within 0.5 points (non-inferiority), about 1.5 binomial standard errors of one run.
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
    recommended keep 0.5-0.8 hidden, 0.8 input).
    """
  public let probes: [ProbeKind] = [.trainEvaluation]

  static let hiddenRates = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 0.8]
  static let inputRates = [0.2, 0.5]
  static let sizes: [(name: String, examples: Int, batch: Int, epochs: Int)] = [
    ("large", 10_000, 128, 10), ("small", 2_000, 64, 20),
  ]
  static let margin = 0.005

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  public func arms(for profile: Profile) -> [Arm] {
    let rates = Self.hiddenRates.map { (hidden: $0, input: 0.0) } + Self.inputRates.map { (hidden: 0.5, input: $0) }
    return Self.sizes.flatMap { size in
      rates.map { rate in
        let configuration = RunConfiguration(
          network: NetworkSpec(hidden: [256, 256], activation: .relu, initializer: .heNormal,
                               dropout: rate.hidden, inputDropout: rate.input),
          optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)), batchSize: size.batch,
          epochs: profile.pick(quick: 1, full: size.epochs), trainSubset: profile.pick(quick: 1000, full: size.examples))
        return Arm(Self.name(size.name, rate.hidden, rate.input), configuration,
                   factors: [.init("subset", size.name), .init("hidden_drop", "\(rate.hidden)"),
                             .init("input_drop", "\(rate.input)")])
      }
    }
  }

  static func name(_ size: String, _ hidden: Double, _ input: Double = 0) -> String {
    "\(size)-h\(hidden)" + (input > 0 ? "-in\(input)" : "")
  }

  public let subClaims: [SubClaim] = sizes.flatMap { size -> [SubClaim] in
    let s = size.name, half = name(s, 0.5)
    return [
      SubClaim("a-\(s)", "\(s) subset: hidden p = 0.5 is best or tied-best (not worse than any other rate by 0.5 points)",
               rules: hiddenRates.filter { $0 != 0.5 }.map {
                 .notWorse(half, than: name(s, $0), margin: margin, metric: .finalTestAccuracy)
               }),
      SubClaim("b-\(s)", "\(s) subset: dropout (p = 0.5) narrows the train-test gap (inference-phase train accuracy)",
               rules: [.beats(half, [name(s, 0)], metric: .inferenceTrainTestGap)]),
      SubClaim("c-\(s)", "\(s) subset: large input dropout (0.5) hurts test accuracy, compared with 0.2 and with none",
               rules: [.beats(name(s, 0.5, 0.2), [name(s, 0.5, 0.5)], metric: .finalTestAccuracy),
                       .beats(half, [name(s, 0.5, 0.5)], metric: .finalTestAccuracy)]),
      SubClaim("d-\(s)", "\(s) subset: input dropout 0.2 costs at most 0.5 points of test accuracy (keep close to 1)",
               rules: [.notWorse(name(s, 0.5, 0.2), than: half, margin: margin, metric: .finalTestAccuracy)]),
    ]
  }
}
