import Datasets

/// What a run trains on, selects on and is tested on, and how its epochs are measured.
public struct TrainingData: Sendable {
  public var train: any ExampleSet
  /// Held out of the training data for model selection that never looks at the test set.
  public var validation: (any ExampleSet)?
  /// Nil: the records' test columns are NaN (e.g. a check that only overfits a fixed batch).
  public var test: (any ExampleSet)?
  /// Rows per evaluation batch (inference phase): large enough for efficient GEMMs. A regression's
  /// mean loss is a Float mean over its batch, so a set evaluated in one batch keeps that sum order.
  public var evaluationBatchSize = 1000
  /// Record every k-th epoch and the last (1: every epoch).
  public var recordEvery = 1
  /// Whether an epoch's training loss and accuracy come from a pass over the whole training set in the
  /// inference phase after the epoch (exact, for a small fixed set) instead of the running mean over its
  /// steps, which mixes weights from before and after each update.
  public var measuresTrainingSet = false

  public init(train: any ExampleSet, validation: (any ExampleSet)? = nil, test: (any ExampleSet)? = nil) {
    self.train = train
    self.validation = validation
    self.test = test
  }

  /// Fashion-MNIST as `configuration` asks for it: first the class-balanced validation split, chosen by
  /// the seed's validation stream, then the class-balanced training subset drawn from the rest. Both
  /// streams are named without the arm, so every arm of a seed trains and selects on the same examples.
  public init(_ configuration: RunConfiguration, train fullTrain: Dataset, test: Dataset,
              streams: RunStreams) throws {
    try Self.checkBalancedSubset(configuration, classes: fullTrain.classes)
    let train: Dataset, validation: Dataset?
    switch (configuration.validationSplit, configuration.trainSubset) {
    case (let held?, let subset?):
      (train, validation) = try fullTrain.split(validationCount: held, stream: streams.validation,
                                                trainCount: subset, subsetStream: streams.subset)
    case (let held?, nil):
      (train, validation) = try fullTrain.split(validationCount: held, stream: streams.validation)
    case (nil, let subset?):
      (train, validation) = (try fullTrain.balancedSubset(count: subset, stream: streams.subset), nil)
    case (nil, nil):
      (train, validation) = (fullTrain, nil)
    }
    self.init(train: train, validation: validation, test: test)
  }

  /// Throws when `configuration`'s class-balanced training subset cannot hold one example of each class.
  public static func checkBalancedSubset(_ configuration: RunConfiguration, classes: Int) throws {
    if let subset = configuration.trainSubset, subset < classes {
      throw ConfigurationError(.trainSubset, "needs at least one example per class (\(classes)), got \(subset)")
    }
  }
}
