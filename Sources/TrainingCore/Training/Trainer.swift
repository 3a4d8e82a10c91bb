import Datasets
import Statistics
import Synchronization

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
  /// With early stopping, the epoch (from 1) whose weights the network was restored to and keeps: its
  /// record holds the kept model's test and validation metrics. Nil without early stopping (the last
  /// epoch's weights are kept) and for diverged runs.
  public var selectedEpoch: Int? = nil
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
  /// Draws the shifts and flips of data augmentation. Each stream is seeded from its own names, so adding
  /// this one changed no draw of the others.
  public let augmentation: RandomStream

  /// Streams named (experiment, arm, seed, purpose); the subset and validation streams omit the arm.
  public init(experiment: String, arm: String, seed: Int) {
    initialization = RandomStream(experiment, arm, "seed-\(seed)", "init")
    dropout = RandomStream(experiment, arm, "seed-\(seed)", "dropout")
    shuffle = RandomStream(experiment, arm, "seed-\(seed)", "shuffle")
    subset = RandomStream(experiment, "seed-\(seed)", "subset")
    validation = RandomStream(experiment, "seed-\(seed)", "validation")
    augmentation = RandomStream(experiment, arm, "seed-\(seed)", "augmentation")
  }
}

/// Mini-batch training of a `Network<Float>` on a classification dataset.
///
/// Each epoch visits a fresh seeded permutation of the training examples in batches of `batchSize`;
/// a final partial batch is dropped (so BatchNorm never sees a batch of 1 by accident, and every step
/// has the same size). The step counter that drives the schedule counts optimizer updates from 0.
/// Augmentation (if configured) transforms training batches as they are gathered; early stopping (if
/// configured) ends the run on the validation split and restores the best epoch's weights.
public final class Trainer: TwoThreadJob {
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
  let optimizer: any Optimizer<Float>
  let loss: any ClassificationLoss
  let input: Matrix<Float>
  private let outputGradient: Matrix<Float>
  let labels: UnsafeMutablePointer<Int32>
  private(set) var order: [Int]

  // Data parallelism (`threads: 2`; Trainer+DataParallel.swift).
  /// The weight-sharing replica that runs the second half of each batch.
  let replica: DataParallelReplica<Float>?
  /// Where training batches are gathered: `input` and `labels`, and with a replica a second pair, so a
  /// data-parallel epoch can gather the next batch while the current one is still read.
  let inputBuffers: [InputBuffer]
  typealias InputBuffer = (features: Matrix<Float>, labels: UnsafeMutablePointer<Int32>)
  /// The two halves of each input buffer's batch, `halfInputs[buffer][part]` (views, no copies).
  let halfInputs: [[Matrix<Float>]]
  let halfOutputGradients: [Matrix<Float>]
  /// Whether steps run as two half batches on two cores (see `DataParallelReplica`).
  public var isDataParallel: Bool { replica != nil }
  /// Whether data-parallel steps fold weight gradients into the optimizer's state (`GradientFold`).
  var foldsGradients: Bool { foldingOptimizer != nil }
  /// Each half's loss and correct count, written by its thread.
  let halfResults: UnsafeMutablePointer<(loss: Float, correct: Int)>
  private let augmenter: Augmenter?
  /// The current data-parallel step's learning rate, for `runPart`.
  var parallelLearningRate: Float = 0
  /// The data-parallel epoch `runPart` runs, when it runs a whole epoch rather than one step.
  var parallelEpoch: ParallelEpoch?
  /// What that epoch measured (written by part 0 only).
  var parallelPass = EpochPass()
  /// Chunks of training rows handed out so far in the current data-parallel epoch (`gatherChunk`).
  let gatherTickets = Atomic<Int>(0)
  /// Whether a data-parallel step's threads update their own shares of the weights. Weight decay and
  /// clipping need the whole gradient (clipping its global norm), and rules such as Adam update as a
  /// whole: then the update runs after both threads' gradients.
  let updatesInShares: Bool
  /// With updates in shares and a rule that can take it (heavy-ball momentum): the optimizer, and for each
  /// of the replica's dense layers where its weight-gradient GEMM folds the gradient into the velocity.
  let foldingOptimizer: (any GradientFoldingOptimizer<Float>)?
  let gradientFolds: [Dense<Float>.GradientFolds]
  /// The best-validation weights, when early stopping is on (allocated once, here).
  private let bestWeights: NetworkSnapshot<Float>?

  /// - Parameter threads: 1 (what experiments use) runs each step on the calling thread; 2 splits each
  ///   batch across two cores (`DataParallelReplica`) when the network allows it, and then sets OpenBLAS
  ///   to one thread for the process; otherwise the GEMMs use OpenBLAS's threads as set by `BLAS.setThreads`.
  /// - Parameter dataParallel: false keeps OpenBLAS's threading even when the batch could be split (the
  ///   bench compares the two).
  public convenience init(configuration: RunConfiguration, train: Dataset, test: Dataset,
                          streams: RunStreams, threads: Int = 1, dataParallel: Bool = true) throws {
    try self.init(configuration: RunConfiguration.Validated(configuration), train: train, test: test,
                  streams: streams, threads: threads, dataParallel: dataParallel)
  }

  /// As `init(configuration:...)` for a configuration already validated (by the CLI, before loading data).
  public init(configuration validated: RunConfiguration.Validated, train fullTrain: Dataset, test: Dataset,
              streams: RunStreams, threads: Int = 1, dataParallel: Bool = true) throws {
    let configuration = validated.configuration
    guard fullTrain.width == configuration.network.inputWidth, test.width == fullTrain.width else {
      throw ConfigurationError(.inputWidth, "\(configuration.network.inputWidth) does not match the data (\(fullTrain.width))")
    }
    self.streams = streams
    switch (configuration.validationSplit, configuration.trainSubset) {
    case (let held?, let subset?):
      (train, validation) = try fullTrain.split(validationCount: held, stream: streams.validation,
                                                trainCount: subset, subsetStream: streams.subset)
    case (let held?, nil):
      (train, validation) = try fullTrain.split(validationCount: held, stream: streams.validation)
    case (nil, let subset?):
      train = try fullTrain.balancedSubset(count: subset, stream: streams.subset)
      validation = nil
    case (nil, nil):
      train = fullTrain
      validation = nil
    }
    guard train.count >= configuration.batchSize else {
      throw ConfigurationError(.batchSize, "\(configuration.batchSize) exceeds the \(train.count) training examples")
    }
    // The schedule's unset lengths scale to the steps of this run: after the validation split and subset.
    self.configuration = try configuration.resolvingSchedule(
      totalSteps: configuration.epochs * (train.count / configuration.batchSize))
    self.test = test
    network = Network(configuration.network, initialization: streams.initialization, dropout: streams.dropout)
    let capacity = max(configuration.batchSize, evaluationBatchSize)
    network.reserve(batchSize: capacity)
    optimizer = configuration.optimizer.makeOptimizer(for: network.parameters)
    loss = configuration.loss.loss
    input = Matrix(rows: capacity, columns: train.width)
    outputGradient = Matrix(rows: capacity, columns: configuration.network.outputWidth)
    let labels = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
    self.labels = labels
    order = Array(0..<train.count)
    let batch = configuration.batchSize, input = input, outputGradient = outputGradient
    if dataParallel, threads >= 2, batch >= 2, batch % 2 == 0, DataParallelReplica.supports(network) {
      // Each half runs its GEMMs on one core: OpenBLAS's own threads would only compete with the other
      // half. Its thread count is a process-wide setting, so it is set once here, never toggled per step
      // (another thread's GEMM could see the toggle and sum in another order).
      BLAS.setThreads(1)
      replica = DataParallelReplica(of: network, dropout: streams.dropout.child("replica"), half: batch / 2)
      inputBuffers = [(input, labels), (Matrix(rows: batch, columns: train.width), .allocate(capacity: batch))]
      halfInputs = inputBuffers.map { buffer in
        [0, 1].map { Matrix(viewingRowsOf: buffer.features, start: $0 * batch / 2, count: batch / 2) }
      }
      halfOutputGradients = [0, 1].map { Matrix(viewingRowsOf: outputGradient, start: $0 * batch / 2, count: batch / 2) }
    } else {
      replica = nil
      inputBuffers = [(input, labels)]
      halfInputs = []
      halfOutputGradients = []
    }
    halfResults = .allocate(capacity: 2)
    if let augmentation = configuration.augmentation {
      augmenter = try Augmenter(augmentation, inputWidth: fullTrain.width, stream: streams.augmentation)
    } else {
      augmenter = nil
    }
    bestWeights = configuration.earlyStoppingPatience == nil ? nil : NetworkSnapshot(of: network)
    updatesInShares = optimizer.updatesInShares
      && configuration.weightDecay == 0 && configuration.gradientClipNorm == nil
    // A dense layer's parameters are its weight and, if it has one, its bias (`Dense.parameters`).
    let folding = updatesInShares ? optimizer as? any GradientFoldingOptimizer<Float> : nil
    let folds = (replica?.parameterIndices ?? []).compactMap { indices -> Dense<Float>.GradientFolds? in
      guard let weight = folding?.gradientFold(parameter: indices.lowerBound) else { return nil }
      guard indices.count == 2 else { return (weight, nil) }
      return folding?.gradientFold(parameter: indices.lowerBound + 1).map { (weight, $0) }
    }
    let foldsEveryLayer = !folds.isEmpty && folds.count == replica?.parameterIndices.count
    foldingOptimizer = foldsEveryLayer ? folding : nil
    gradientFolds = foldsEveryLayer ? folds : []
  }

  deinit {
    for buffer in inputBuffers { buffer.labels.deallocate() }
    halfResults.deallocate()
  }

  /// Copies examples `indices[start..<start+count]` of `data` into the input matrix and label buffer,
  /// through `augmenter` if one is given (training batches only).
  private func gather(_ data: Dataset, indices: UnsafeBufferPointer<Int>?, start: Int, count: Int,
                      augmenter: Augmenter? = nil) {
    input.rows = count
    gather(data, indices: indices, start: start, rows: 0..<count, into: inputBuffers[0], augmenter: augmenter)
  }

  /// Rows `rows` of that copy, into `buffer` (a data-parallel epoch gathers a batch in chunks of rows).
  func gather(_ data: Dataset, indices: UnsafeBufferPointer<Int>?, start: Int, rows: Range<Int>,
              into buffer: InputBuffer,
              augmenter: Augmenter? = nil) {
    let width = data.width
    data.features.withUnsafeBufferPointer { features in
      for row in rows {
        let example = indices.map { $0[start + row] } ?? (start + row)
        let source = features.baseAddress! + example * width, destination = buffer.features.storage + row * width
        if let augmenter {
          augmenter.augment(source, into: destination)
        } else {
          destination.update(from: source, count: width)
        }
        buffer.labels[row] = data.labels[example]
      }
    }
  }

  /// Loads training batch `stepInEpoch` of the current permutation, augmented if configured.
  func gatherTrainingBatch(_ stepInEpoch: Int) {
    let batchSize = configuration.batchSize
    order.withUnsafeBufferPointer {
      gather(train, indices: $0, start: stepInEpoch * batchSize, count: batchSize, augmenter: augmenter)
    }
  }

  /// The training batch in the input buffers: (rows × width features, labels), copied out for tests.
  func currentBatch() -> (features: [Float], labels: [Int32]) {
    (input.values, (0..<input.rows).map { labels[$0] })
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
    if let replica { return dataParallelStep(replica, learningRate: learningRate) }
    let logits = network.forward(input, phase: .training)
    let batchLoss = loss.loss(logits, labels: labels, gradient: outputGradient)
    let correct = countCorrect(logits, labels: labels)
    network.backward(outputGradient)
    update(learningRate: learningRate)
    return (batchLoss, correct)
  }

  /// L2 decay and clipping (when configured) on the whole gradient, then the optimizer's update.
  func update(learningRate: Float) {
    if configuration.weightDecay > 0 {
      addL2WeightDecay(network.parameters, lambda: Float(configuration.weightDecay))
    }
    if let clip = configuration.gradientClipNorm {
      _ = clipGradientNorm(network.parameters, maxNorm: Float(clip))
    }
    optimizer.update(learningRate: learningRate)
  }

  /// What one pass over the training set measured.
  public struct EpochPass {
    public var lossSum = 0.0
    public var correct = 0
    public var steps = 0
    public var learningRate = 0.0
    /// The global step at which the loss stopped being finite, if it did.
    public var divergedAtStep: Int?

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

  /// Steps between two `onProgress` calls.
  public static let progressInterval = 20

  /// One epoch of mini-batch steps over a fresh permutation, continuing the global step count. A
  /// data-parallel trainer without augmentation runs the epoch as one loop on both cores
  /// (`trainEpochInParallel`); augmentation draws from one stream in row order, so it gathers each batch
  /// on this thread and runs it as one data-parallel step.
  public func trainEpoch(epoch: Int, globalStep: inout Int,
                         onProgress: ((Int, Int, Int) -> Void)? = nil) -> EpochPass {
    streams.shuffle.shuffle(&order)
    if let replica, augmenter == nil {
      return trainEpochInParallel(replica, epoch: epoch, globalStep: &globalStep, onProgress: onProgress)
    }
    var pass = EpochPass()
    for stepInEpoch in 0..<stepsPerEpoch {
      gatherTrainingBatch(stepInEpoch)
      let learningRate = configuration.schedule.learningRate(at: globalStep)
      let (batchLoss, batchCorrect) = step(learningRate: Float(learningRate))
      globalStep += 1
      guard pass.record(loss: batchLoss, correct: batchCorrect, learningRate: learningRate,
                        globalStep: globalStep) else { return pass }
      if let onProgress, stepInEpoch % Self.progressInterval == 0 { onProgress(epoch, stepInEpoch, stepsPerEpoch) }
    }
    return pass
  }

  /// Trains for `configuration.epochs` epochs, or fewer when early stopping ends the run (the network then
  /// holds the best-validation epoch's weights, `RunResult.selectedEpoch`). `onEpoch` sees each epoch's
  /// record as it finishes; `onProgress(epoch, step, stepsPerEpoch)` is called every few steps.
  public func run(onEpoch: (EpochRecord) -> Void = { _ in },
                  onProgress: ((Int, Int, Int) -> Void)? = nil) -> RunResult {
    var records: [EpochRecord] = []
    var globalStep = 0
    var trainingTime = Duration.zero
    let clock = ContinuousClock()
    var stopping = configuration.earlyStoppingPatience.map { EarlyStopping(patience: $0) }
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
      if stopping != nil, let accuracy = held?.accuracy {
        if stopping!.observe(epoch: epoch, validationAccuracy: accuracy) { bestWeights?.save() }
        if stopping!.shouldStop(after: epoch) { break }
      }
    }
    var result = finish(.ok, records, globalStep, trainingTime)
    if let best = stopping?.bestEpoch {
      bestWeights?.restore()
      result.selectedEpoch = best
    }
    return result
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
    if let replica {  // data-parallel dense layers leave their weight gradients to the step
      for dense in replica.mainDenseLayers { dense.weightGradient(units: 0..<dense.outputWidth, rows: rows) }
    }
  }
}
