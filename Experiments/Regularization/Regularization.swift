import Harness
import TrainingCore

/// L2, early stopping and augmentation against variance; bigger nets and longer training against bias —
/// shared/claims.md, `regularization`.
///
/// Method: a 784-256-256-10 ReLU MLP (He-normal, zero biases), cross-entropy, SGD with momentum 0.9
/// (PyTorch convention) at a fixed 0.05, batch 64, on a class-balanced 2,000-example Fashion-MNIST training
/// subset: wide and long enough (30 epochs, 930 steps) to fit it almost perfectly, i.e. to overfit. Every arm
/// holds out the same class-balanced 5,000-example validation split per seed (drawn before the subset, so
/// all arms of a seed train on the same 2,000 images) and is tested on the full 10,000-image test set.
/// What varies: "baseline" (no regularization); L2 added to the gradient, λ ∈ {0.001, 0.01} (weights only);
/// early stopping on validation accuracy, patience 5 epochs, keeping the best epoch's weights; augmentation:
/// shifts of up to 2 pixels in x and y (edge replication) and horizontal flips with probability 0.5 (every
/// Fashion-MNIST class keeps its label when mirrored). For bias: narrower nets 784-16-10 and 784-64-10, and
/// shorter training, 5 and 15 epochs, each otherwise the baseline.
/// Metrics: variance is the train/validation gap of the kept model — training-subset accuracy re-measured in
/// the inference phase (`trainEvaluation`: the running accuracy sees augmented images) minus validation
/// accuracy; because early stopping chose its model on the validation split, which flatters that gap, every
/// regularizer must also narrow the train/test gap (the test set chose nothing). Bias is the training loss
/// of the final model in the inference phase (`train_loss_inference`, lower = less bias).
/// Margins: a regularizer "does not cost accuracy" when it is not worse than the baseline by 0.5 points of
/// test accuracy (about 1.5 binomial standard errors of one run), as in `dropout-rates`.
public struct Regularization: Experiment {
  public init() {}
  public let id = "regularization"
  public let title = "Regularization against variance, capacity and training time against bias"
  public let claim = """
    L2 weight decay, early stopping and data augmentation reduce variance: they narrow the gap between \
    training and validation accuracy (without costing test accuracy). Bigger networks and longer training \
    reduce bias: they lower the training loss.
    """
  public let source = """
    Practitioner articles (shared/claims.md, further claims); Goodfellow et al., Deep Learning ch. 7 \
    (parameter norm penalties, early stopping, dataset augmentation); Prechelt 1998 (early stopping).
    """
  public let probes: [ProbeKind] = [.trainEvaluation]

  static let margin = 0.005
  static let regularizers = ["l2-0.001", "l2-0.01", "early-stopping", "augmentation"]
  static let trainGap = Metric.inferenceTrainValidationGap
  static let testGap = Metric.inferenceTrainTestGap
  static let trainLoss = Metric.lowerProbe("train_loss_inference")

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  public func arms(for profile: Profile) -> [Arm] {
    let epochs = profile.pick(quick: 3, full: 30)
    let base = RunConfiguration(
      network: NetworkSpec(hidden: [256, 256], activation: .relu, initializer: .heNormal),
      optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)), batchSize: 64,
      epochs: epochs, trainSubset: profile.pick(quick: 500, full: 2_000),
      validationSplit: profile.pick(quick: 200, full: 5_000))
    func arm(_ name: String, _ regularizer: String, hidden: [Int] = [256, 256], epochs: Int = epochs,
             _ change: (inout RunConfiguration) -> Void = { _ in }) -> Arm {
      var configuration = base
      configuration.network.hidden = hidden
      configuration.epochs = epochs
      change(&configuration)
      return Arm(name, configuration, factors: [
        .init("regularizer", regularizer), .init("hidden", hidden.map(String.init).joined(separator: "-")),
        .init("max_epochs", "\(epochs)")])
    }
    return [
      arm("baseline", "none"),
      arm("l2-0.001", "l2") { $0.weightDecay = 0.001 },
      arm("l2-0.01", "l2") { $0.weightDecay = 0.01 },
      arm("early-stopping", "early-stopping") { $0.earlyStoppingPatience = profile.pick(quick: 1, full: 5) },
      arm("augmentation", "augmentation") { $0.augmentation = AugmentationSpec(maxShift: 2, horizontalFlip: true) },
      arm("net-16", "none", hidden: [16]),
      arm("net-64", "none", hidden: [64]),
      arm("epochs-5", "none", epochs: profile.pick(quick: 1, full: 5)),
      arm("epochs-15", "none", epochs: profile.pick(quick: 2, full: 15)),
    ]
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a-l2", "L2 (λ = 0.001 and 0.01) narrows the train/validation and train/test gaps",
             rules: ["l2-0.001", "l2-0.01"].flatMap { arm in
               [DecisionRule.beats(arm, ["baseline"], metric: trainGap), .beats(arm, ["baseline"], metric: testGap)]
             }),
    SubClaim("b-early-stopping", "Early stopping narrows the train/validation and train/test gaps",
             rules: [.beats("early-stopping", ["baseline"], metric: trainGap),
                     .beats("early-stopping", ["baseline"], metric: testGap)]),
    SubClaim("c-augmentation", "Augmentation (shifts and flips) narrows the train/validation and train/test gaps",
             rules: [.beats("augmentation", ["baseline"], metric: trainGap),
                     .beats("augmentation", ["baseline"], metric: testGap)]),
    SubClaim("d-no-cost", "No regularizer costs more than 0.5 points of test accuracy against the baseline",
             rules: regularizers.map { .notWorse($0, than: "baseline", margin: margin, metric: .finalTestAccuracy) }),
    SubClaim("e-bigger-net", "Bigger nets reach a lower training loss: 256-256 < 64 < 16 hidden units",
             rules: [.ordering(["baseline", "net-64", "net-16"], metric: trainLoss)]),
    SubClaim("f-longer-training", "Longer training reaches a lower training loss: 30 < 15 < 5 epochs",
             rules: [.ordering(["baseline", "epochs-15", "epochs-5"], metric: trainLoss)]),
  ]
}
