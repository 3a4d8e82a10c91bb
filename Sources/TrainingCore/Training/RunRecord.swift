// What a run measured: per epoch, per pass over the training set, and as a whole.

/// One epoch's measurements. Training loss and accuracy are running means over the epoch's mini-batches
/// in the training phase (what PyTorch loops print), unless the data asks for a pass over the training
/// set (`TrainingData.measuresTrainingSet`); test metrics are a full pass in the inference phase.
/// Accuracies are NaN for regression, and test metrics NaN for data without a test set.
public struct EpochRecord: Codable, Sendable, Equatable {
  public var epoch: Int
  public var trainLoss: Double
  public var trainAccuracy: Double
  public var testLoss: Double
  public var testAccuracy: Double
  /// The learning rate of the epoch's last step.
  public var learningRate: Double
  /// Loss and accuracy on the held-out validation split, in the inference phase (nil without one).
  public var validationLoss: Double? = nil
  public var validationAccuracy: Double? = nil

  public init(epoch: Int, trainLoss: Double, trainAccuracy: Double, testLoss: Double, testAccuracy: Double,
              learningRate: Double, validationLoss: Double? = nil, validationAccuracy: Double? = nil) {
    self.epoch = epoch
    self.trainLoss = trainLoss
    self.trainAccuracy = trainAccuracy
    self.testLoss = testLoss
    self.testAccuracy = testAccuracy
    self.learningRate = learningRate
    self.validationLoss = validationLoss
    self.validationAccuracy = validationAccuracy
  }
}

/// How a run ended. A run whose loss or weights become NaN or infinite is stopped and recorded as
/// diverged (with where), never a crash.
public enum RunStatus: Codable, Sendable, Equatable, CustomStringConvertible {
  case ok
  case diverged(epoch: Int, step: Int)
  public var description: String {
    switch self {
    case .ok: "ok"
    case .diverged: "diverged"
    }
  }
}

public struct RunResult: Sendable {
  public var status: RunStatus
  public var epochs: [EpochRecord]
  /// Training examples per second over the training steps (evaluation excluded).
  public var samplesPerSecond: Double
  public var steps: Int
  /// With early stopping, the epoch (from 1) whose weights the network was restored to and keeps: its
  /// record holds the kept model's test and validation metrics. Nil without early stopping (the last
  /// epoch's weights are kept) and for diverged runs.
  public var selectedEpoch: Int? = nil
}

/// What one pass over the training set measured.
public struct EpochPass {
  public var lossSum = 0.0
  public var correct = 0
  public var steps = 0
  public var learningRate = 0.0
  /// The global step at which the loss stopped being finite, if it did.
  public var divergedAtStep: Int?

  public init() {}

  /// Counts one step (the global step count after it: `globalStep`) and says whether its loss was
  /// finite; a loss that is not marks the pass diverged and is left out of the sums.
  mutating func record(loss: Float, correct: Int, learningRate: Double, globalStep: Int) -> Bool {
    self.learningRate = learningRate
    steps += 1
    guard loss.isFinite else {
      divergedAtStep = globalStep
      return false
    }
    lossSum += Double(loss)
    self.correct += correct
    return true
  }
}
