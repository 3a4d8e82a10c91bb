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

  public init(network: NetworkSpec, loss: LossSpec = .crossEntropy, optimizer: OptimizerSpec,
              schedule: ScheduleSpec, weightDecay: Double = 0, gradientClipNorm: Double? = nil,
              batchSize: Int, epochs: Int, trainSubset: Int? = nil,
              preprocessing: Preprocessing = .standardized, validationSplit: Int? = nil) {
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
  }

  /// Throws a `ConfigurationError` naming the flag when a value cannot make a run.
  public func validate() throws {
    try network.validate()
    guard batchSize >= 1 else { throw ConfigurationError("--batch: must be at least 1, got \(batchSize)") }
    guard epochs >= 1 else { throw ConfigurationError("--epochs: must be at least 1, got \(epochs)") }
    guard weightDecay.isFinite, weightDecay >= 0 else {
      throw ConfigurationError("--weight-decay: must be a finite number >= 0, got \(weightDecay)")
    }
    if let clip = gradientClipNorm, !(clip.isFinite && clip > 0) {
      throw ConfigurationError("--clip-norm: must be a finite number > 0, got \(clip)")
    }
    if let split = validationSplit, split < network.outputWidth {
      throw ConfigurationError("--validation-split: needs at least one example per class (\(network.outputWidth)), got \(split)")
    }
    if let subset = trainSubset {
      guard subset >= network.outputWidth else {
        throw ConfigurationError("--train-subset: needs at least one example per class (\(network.outputWidth)), got \(subset)")
      }
      guard subset >= batchSize else {
        throw ConfigurationError("--train-subset: \(subset) examples is fewer than one batch of \(batchSize)")
      }
    }
  }
}
