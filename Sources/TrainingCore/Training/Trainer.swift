import Datasets
import Statistics

/// One epoch's measurements. Training loss and accuracy are running means over the epoch's mini-batches
/// in the training phase (what PyTorch loops print); test metrics are a full pass in the inference phase.
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
}

/// The random streams of one run, derived from names so that runs are independent of scheduling order.
public struct RunStreams {
  public let initialization: RandomStream
  public let dropout: RandomStream
  public let shuffle: RandomStream
  /// Shared by every arm of the same seed, so arms train on the same subset.
  public let subset: RandomStream
  /// Chooses the validation split; shared by every arm of the same seed, like `subset`.
  public let validation: RandomStream

  /// Streams named (experiment, arm, seed, purpose); the subset and validation streams omit the arm.
  public init(experiment: String, arm: String, seed: Int) {
    initialization = RandomStream(experiment, arm, "seed-\(seed)", "init")
    dropout = RandomStream(experiment, arm, "seed-\(seed)", "dropout")
    shuffle = RandomStream(experiment, arm, "seed-\(seed)", "shuffle")
    subset = RandomStream(experiment, "seed-\(seed)", "subset")
    validation = RandomStream(experiment, "seed-\(seed)", "validation")
  }
}

/// Mini-batch training of a `Network<Float>` on a classification dataset.
///
/// Each epoch visits a fresh seeded permutation of the training examples in batches of `batchSize`;
/// a final partial batch is dropped (so BatchNorm never sees a batch of 1 by accident, and every step
/// has the same size). The step counter that drives the schedule counts optimizer updates from 0.
public final class Trainer {
  public let configuration: RunConfiguration
  public let network: Network<Float>
  public let train: Dataset
  public let test: Dataset
  /// Held out of the training set before the subset is drawn (`RunConfiguration.validationSplit`), for
  /// model selection that never looks at the test set.
  public let validation: Dataset?
  /// Rows per evaluation batch (inference phase): large enough for efficient GEMMs.
  public let evaluationBatchSize = 1000

  private let streams: RunStreams
  private let optimizer: any Optimizer<Float>
  private let loss: any ClassificationLoss
  private let input: Matrix<Float>
  private let outputGradient: Matrix<Float>
  private let labels: UnsafeMutablePointer<Int32>
  private var order: [Int]

  public init(configuration: RunConfiguration, train fullTrain: Dataset, test: Dataset,
              streams: RunStreams) throws {
    try configuration.validate()
    guard fullTrain.width == configuration.network.inputWidth, test.width == fullTrain.width else {
      throw ConfigurationError("network input width \(configuration.network.inputWidth) does not match the data (\(fullTrain.width))")
    }
    self.configuration = configuration
    self.streams = streams
    var pool = fullTrain
    if let count = configuration.validationSplit {
      (pool, validation) = try fullTrain.split(validationCount: count, stream: streams.validation)
    } else {
      validation = nil
    }
    if let subset = configuration.trainSubset {
      train = try pool.balancedSubset(count: subset, stream: streams.subset)
    } else {
      train = pool
    }
    guard train.count >= configuration.batchSize else {
      throw ConfigurationError("--batch: \(configuration.batchSize) exceeds the \(train.count) training examples")
    }
    self.test = test
    network = Network(configuration.network, initialization: streams.initialization, dropout: streams.dropout)
    let capacity = max(configuration.batchSize, evaluationBatchSize)
    network.reserve(batchSize: capacity)
    optimizer = configuration.optimizer.makeOptimizer(for: network.parameters)
    loss = configuration.loss.loss
    input = Matrix(rows: capacity, columns: train.width)
    outputGradient = Matrix(rows: capacity, columns: configuration.network.outputWidth)
    labels = .allocate(capacity: capacity)
    order = Array(0..<train.count)
  }

  deinit { labels.deallocate() }

  /// Copies examples `indices[start..<start+count]` of `data` into the input matrix and label buffer.
  private func gather(_ data: Dataset, indices: UnsafeBufferPointer<Int>?, start: Int, count: Int) {
    input.rows = count
    let width = data.width
    data.features.withUnsafeBufferPointer { features in
      for row in 0..<count {
        let example = indices.map { $0[start + row] } ?? (start + row)
        (input.storage + row * width).update(from: features.baseAddress! + example * width, count: width)
        labels[row] = data.labels[example]
      }
    }
  }

  /// Loads the first `rows` training examples, in order, into the input buffers.
  func gatherForProbe(_ rows: Int) { gather(train, indices: nil, start: 0, count: rows) }

  /// Mini-batches per pass over the training set (a final partial batch is dropped).
  public var stepsPerEpoch: Int { train.count / configuration.batchSize }

  /// Loads mini-batch `stepInEpoch` of the current pass into the input buffers, for a caller that drives
  /// `step(learningRate:)` itself (the learning-rate range test). At `stepInEpoch` 0 it first draws a
  /// fresh permutation from the shuffle stream, exactly as each epoch of `trainEpoch` does. Allocates nothing.
  /// - Precondition: `0 <= stepInEpoch < stepsPerEpoch`.
  public func loadTrainingBatch(stepInEpoch: Int) {
    precondition((0..<stepsPerEpoch).contains(stepInEpoch), "batch \(stepInEpoch) is outside 0..<\(stepsPerEpoch)")
    if stepInEpoch == 0 { streams.shuffle.shuffle(&order) }
    let batchSize = configuration.batchSize
    order.withUnsafeBufferPointer { gather(train, indices: $0, start: stepInEpoch * batchSize, count: batchSize) }
  }

  /// Mean loss and accuracy over a whole dataset in the inference phase.
  public func evaluate(_ data: Dataset) -> (loss: Double, accuracy: Double) {
    var totalLoss = 0.0, correct = 0
    var start = 0
    while start < data.count {
      let count = min(evaluationBatchSize, data.count - start)
      gather(data, indices: nil, start: start, count: count)
      let logits = network.forward(input, phase: .inference)
      totalLoss += Double(loss.loss(logits, labels: labels, gradient: nil)) * Double(count)
      correct += countCorrect(logits, labels: labels)
      start += count
    }
    return (totalLoss / Double(data.count), Double(correct) / Double(data.count))
  }

  /// One optimizer step on the batch already in `input`/`labels`. Returns the batch loss and the number
  /// of correct predictions. Allocates nothing.
  public func step(learningRate: Float) -> (loss: Float, correct: Int) {
    let logits = network.forward(input, phase: .training)
    let batchLoss = loss.loss(logits, labels: labels, gradient: outputGradient)
    let correct = countCorrect(logits, labels: labels)
    network.backward(outputGradient)
    if configuration.weightDecay > 0 {
      addL2WeightDecay(network.parameters, lambda: Float(configuration.weightDecay))
    }
    if let clip = configuration.gradientClipNorm {
      _ = clipGradientNorm(network.parameters, maxNorm: Float(clip))
    }
    optimizer.update(learningRate: learningRate)
    return (batchLoss, correct)
  }

  /// What one pass over the training set measured.
  public struct EpochPass {
    public var lossSum = 0.0
    public var correct = 0
    public var steps = 0
    public var learningRate = 0.0
    /// The global step at which the loss stopped being finite, if it did.
    public var divergedAtStep: Int?
  }

  /// One epoch of mini-batch steps over a fresh permutation, continuing the global step count.
  public func trainEpoch(epoch: Int, globalStep: inout Int,
                         onProgress: ((Int, Int, Int) -> Void)? = nil) -> EpochPass {
    let batchSize = configuration.batchSize
    let stepsPerEpoch = train.count / batchSize
    streams.shuffle.shuffle(&order)
    var pass = EpochPass()
    for stepInEpoch in 0..<stepsPerEpoch {
      order.withUnsafeBufferPointer { gather(train, indices: $0, start: stepInEpoch * batchSize, count: batchSize) }
      pass.learningRate = configuration.schedule.learningRate(at: globalStep)
      let (batchLoss, batchCorrect) = step(learningRate: Float(pass.learningRate))
      globalStep += 1
      pass.steps += 1
      guard batchLoss.isFinite else {
        pass.divergedAtStep = globalStep
        return pass
      }
      pass.lossSum += Double(batchLoss)
      pass.correct += batchCorrect
      if let onProgress, stepInEpoch % 20 == 0 { onProgress(epoch, stepInEpoch, stepsPerEpoch) }
    }
    return pass
  }

  /// Trains for `configuration.epochs` epochs. `onEpoch` sees each epoch's record as it finishes;
  /// `onProgress(epoch, step, stepsPerEpoch)` is called every few steps for progress displays.
  public func run(onEpoch: (EpochRecord) -> Void = { _ in },
                  onProgress: ((Int, Int, Int) -> Void)? = nil) -> RunResult {
    var records: [EpochRecord] = []
    var globalStep = 0
    var trainingTime = Duration.zero
    let clock = ContinuousClock()
    for epoch in 1...configuration.epochs {
      let started = clock.now
      let pass = trainEpoch(epoch: epoch, globalStep: &globalStep, onProgress: onProgress)
      trainingTime += clock.now - started
      if let step = pass.divergedAtStep {
        return finish(.diverged(epoch: epoch, step: step), records, globalStep, trainingTime)
      }
      let (testLoss, testAccuracy) = evaluate(test)
      let held = validation.map { evaluate($0) }
      let record = EpochRecord(
        epoch: epoch, trainLoss: pass.lossSum / Double(pass.steps),
        trainAccuracy: Double(pass.correct) / Double(pass.steps * configuration.batchSize),
        testLoss: testLoss, testAccuracy: testAccuracy, learningRate: pass.learningRate,
        validationLoss: held?.loss, validationAccuracy: held?.accuracy)
      records.append(record)
      onEpoch(record)
      guard testLoss.isFinite else {
        return finish(.diverged(epoch: epoch, step: globalStep), records, globalStep, trainingTime)
      }
    }
    return finish(.ok, records, globalStep, trainingTime)
  }

  private func finish(_ status: RunStatus, _ records: [EpochRecord], _ steps: Int,
                      _ time: Duration) -> RunResult {
    let seconds = time / .seconds(1)
    return RunResult(status: status, epochs: records,
                     samplesPerSecond: seconds > 0 ? Double(steps * configuration.batchSize) / seconds : 0,
                     steps: steps)
  }
}

extension Trainer {
  /// Runs forward and backward on the first `count` training examples without updating anything, so
  /// probes can read activations (`ElementwiseActivation.output`) and gradients (`Parameter.gradient`).
  /// Uses the training phase: dropout draws masks and BatchNorm uses batch statistics, as in a real step.
  public func computeGradients(onFirst count: Int) {
    let rows = min(count, train.count, network.batchCapacity)
    gatherForProbe(rows)
    let logits = network.forward(input, phase: .training)
    _ = loss.loss(logits, labels: labels, gradient: outputGradient)
    network.backward(outputGradient)
  }
}
