import Datasets

/// Everything that defines one training run except its seed: what `tricks train` flags and an
/// experiment's arms describe. Codable, so it is written verbatim into manifests.
public struct RunConfiguration: Codable, Sendable, Hashable {
  public var network: NetworkSpec
  public var loss: LossSpec
  public var optimizer: OptimizerSpec
  public var schedule: ScheduleSpec
  /// L2 penalty added to the gradient (g += λw for weights), usable with any optimizer. AdamW's decoupled
  /// decay is part of `optimizer` instead.
  public var weightDecay: Double
  /// Rescale all gradients together when their global L2 norm exceeds this (nil: no clipping).
  public var gradientClipNorm: Double?
  public var batchSize: Int
  public var epochs: Int
  /// Train on a class-balanced random subset of this many examples (nil: the whole training set).
  public var trainSubset: Int?
  public var preprocessing: Preprocessing
  /// Hold out this many class-balanced examples of the training set as a validation split, chosen per
  /// seed (the same for every arm) before `trainSubset` is drawn from the rest; each epoch then reports
  /// validation loss and accuracy. Nil: no split (and no change to the configuration's fingerprint).
  public var validationSplit: Int? = nil
  /// Stop when validation accuracy has not improved for this many epochs, and keep the weights of the
  /// best-validation epoch (`EarlyStopping`); `epochs` is then the most it may train. Needs
  /// `validationSplit`. Nil: train every epoch and keep the last weights.
  public var earlyStoppingPatience: Int? = nil
  /// Random shifts and flips of the training images (`AugmentationSpec`); nil: none.
  public var augmentation: AugmentationSpec? = nil
  /// When the test set is evaluated (`TestEvaluation`). Nil: after every recorded epoch, as before the
  /// option existed (so that configurations without it keep their fingerprints).
  public var testEvaluation: TestEvaluation? = nil

  public init(network: NetworkSpec, loss: LossSpec = .crossEntropy, optimizer: OptimizerSpec,
              schedule: ScheduleSpec, weightDecay: Double = 0, gradientClipNorm: Double? = nil,
              batchSize: Int, epochs: Int, trainSubset: Int? = nil,
              preprocessing: Preprocessing = .standardized, validationSplit: Int? = nil,
              earlyStoppingPatience: Int? = nil, augmentation: AugmentationSpec? = nil,
              testEvaluation: TestEvaluation? = nil) {
    self.network = network
    self.loss = loss
    self.optimizer = optimizer
    self.schedule = schedule
    self.weightDecay = weightDecay
    self.gradientClipNorm = gradientClipNorm
    self.batchSize = batchSize
    self.epochs = epochs
    self.trainSubset = trainSubset
    self.preprocessing = preprocessing
    self.validationSplit = validationSplit
    self.earlyStoppingPatience = earlyStoppingPatience
    self.augmentation = augmentation
    self.testEvaluation = testEvaluation
  }

  /// Throws a `ConfigurationError` naming the field when a value cannot make a run.
  public func validate() throws {
    try network.validate()
    guard batchSize >= 1 else { throw ConfigurationError(.batchSize, "must be at least 1, got \(batchSize)") }
    guard epochs >= 1 else { throw ConfigurationError(.epochs, "must be at least 1, got \(epochs)") }
    guard weightDecay.isFinite, weightDecay >= 0 else {
      throw ConfigurationError(.weightDecay, "must be a finite number >= 0, got \(weightDecay)")
    }
    if let clip = gradientClipNorm, !(clip.isFinite && clip > 0) {
      throw ConfigurationError(.gradientClipNorm, "must be a finite number > 0, got \(clip)")
    }
    if let split = validationSplit, split < network.outputWidth {
      throw ConfigurationError(.validationSplit,
                               "needs at least one example per class (\(network.outputWidth)), got \(split)")
    }
    if let patience = earlyStoppingPatience {
      guard patience >= 1 else {
        throw ConfigurationError(.earlyStoppingPatience, "must be at least 1 epoch, got \(patience)")
      }
      guard validationSplit != nil else {
        throw ConfigurationError(.earlyStoppingPatience,
                                 "early stopping needs a validation split (\(field: .validationSplit))")
      }
    }
    if testEvaluation == .selectedEpochOnly, earlyStoppingPatience == nil {
      throw ConfigurationError(.testEvaluation,
                               "evaluating the test set only at the selected epoch needs early stopping (\(field: .earlyStoppingPatience))")
    }
    try augmentation?.validate(inputWidth: network.inputWidth)
    if let subset = trainSubset {
      guard subset >= batchSize else {
        throw ConfigurationError(.trainSubset, "\(subset) examples is fewer than one batch of \(batchSize)")
      }
    }
  }

  /// This configuration with its schedule's unset lengths scaled to a run of `totalSteps` updates
  /// (`ScheduleSpec.resolved(totalSteps:)`): what the trainer runs, once it knows its training set.
  public func resolvingSchedule(totalSteps: Int) throws -> RunConfiguration {
    var resolved = self
    resolved.schedule = try schedule.resolved(totalSteps: totalSteps)
    return resolved
  }

  /// A configuration that has passed `validate()`. A caller that checks early (the CLI, before it loads
  /// any data) hands this to the trainer, which then need not check again.
  public struct Validated: Sendable {
    public let configuration: RunConfiguration
    public init(_ configuration: RunConfiguration) throws {
      try configuration.validate()
      self.configuration = configuration
    }
  }
}

/// When a run evaluates the test set.
///
/// A run that selects its epoch on validation reports only the selected epoch's test metrics, so the
/// other epochs' test passes are spent on learning curves alone: on a 10,000-example training subset, a
/// fifth of the run. `selectedEpochOnly` skips them and evaluates the test set once, on the restored
/// best-validation weights, which are a byte copy of that epoch's, so the reported numbers are the same.
/// The other epochs' test columns are then NaN: per-epoch test metrics (`bestTestAccuracy`, test-accuracy
/// curves) need `everyEpoch`.
public enum TestEvaluation: String, Codable, Sendable, Hashable {
  case everyEpoch = "every-epoch"
  case selectedEpochOnly = "selected-epoch-only"
}

