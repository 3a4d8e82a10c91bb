import Datasets

/// Mini-batch training of a `Network<Float>` on any `TrainingData` and loss: the one training loop.
///
/// A step: forward on the batch, the loss and its gradient, backward, then the update (`update`: L2
/// decay and clipping when configured, then the optimizer). The step counter that drives the schedule
/// counts optimizer updates from 0. Each epoch is one pass of `BatchSource` over the training set; after
/// it the test and validation sets are evaluated in the inference phase, and with early stopping the
/// run ends on the validation split and keeps the best epoch's weights (`EarlyStopping`).
public final class Trainer {
  public let configuration: RunConfiguration
  public let network: Network<Float>
  public let data: TrainingData
  public var train: any ExampleSet { data.train }
  public var validation: (any ExampleSet)? { data.validation }
  public var test: (any ExampleSet)? { data.test }

  let optimizer: any Optimizer<Float>
  let objective: Objective
  let batches: BatchSource
  let outputGradient: Matrix<Float>
  var input: Matrix<Float> { batches.buffer.features }
  var targets: Targets { batches.buffer.targets }
  /// The best-validation weights, when early stopping is on (allocated once, here).
  private let bestWeights: NetworkSnapshot<Float>?

  /// Two-thread data parallelism (`threads: 2`), or nil: `Parallel/DataParallelEngine.swift`.
  private(set) var dataParallel: DataParallelEngine?
  public var isDataParallel: Bool { dataParallel != nil }

  /// Trains on Fashion-MNIST as `configuration` subsets and splits it (`TrainingData.init(_:train:test:streams:)`).
  public convenience init(configuration: RunConfiguration, train: Dataset, test: Dataset,
                          streams: RunStreams, threads: Int = 1, dataParallel: Bool = true) throws {
    try self.init(configuration: RunConfiguration.Validated(configuration), train: train, test: test,
                  streams: streams, threads: threads, dataParallel: dataParallel)
  }

  public convenience init(configuration validated: RunConfiguration.Validated, train: Dataset, test: Dataset,
                          streams: RunStreams, threads: Int = 1, dataParallel: Bool = true) throws {
    try self.init(configuration: validated,
                  data: TrainingData(validated.configuration, train: train, test: test, streams: streams),
                  streams: streams, threads: threads, dataParallel: dataParallel)
  }

  /// - Parameter threads: 1 (what experiments use) runs each step on the calling thread; 2 splits each
  ///   batch across two cores (`DataParallelReplica`) when the network allows it, and then sets OpenBLAS
  ///   to one thread for the process; otherwise the GEMMs use OpenBLAS's threads as set by `BLAS.setThreads`.
  /// - Parameter dataParallel: false keeps OpenBLAS's threading even when the batch could be split (the
  ///   bench compares the two).
  public convenience init(configuration: RunConfiguration, data: TrainingData, streams: RunStreams,
                          threads: Int = 1, dataParallel: Bool = true) throws {
    try self.init(configuration: RunConfiguration.Validated(configuration), data: data, streams: streams,
                  threads: threads, dataParallel: dataParallel)
  }

  /// As `init(configuration:data:...)` for a configuration already validated (by the CLI, before loading data).
  public init(configuration validated: RunConfiguration.Validated, data: TrainingData, streams: RunStreams,
              threads: Int = 1, dataParallel: Bool = true) throws {
    let width = validated.configuration.network.inputWidth, batch = validated.configuration.batchSize
    guard data.train.width == width, [data.test, data.validation].allSatisfy({ ($0?.width ?? width) == width }) else {
      throw ConfigurationError(.inputWidth, "\(width) does not match the data (\(data.train.width))")
    }
    guard data.train.count >= batch else {
      throw ConfigurationError(.batchSize, "\(batch) exceeds the \(data.train.count) training examples")
    }
    objective = validated.configuration.loss.objective
    guard objective.scoresLabels == data.train.hasClassLabels else {
      throw ConfigurationError(.loss, "\(validated.configuration.loss) scores \(objective.scoresLabels ? "class labels" : "target vectors"), which this data does not have")
    }
    // The schedule's unset lengths scale to the steps of this run: after the validation split and subset.
    let configuration = try validated.configuration.resolvingSchedule(
      totalSteps: validated.configuration.epochs * (data.train.count / batch))
    self.configuration = configuration
    self.data = data
    network = Network(configuration.network, initialization: streams.initialization, dropout: streams.dropout)
    let capacity = max(batch, data.evaluationBatchSize), outputs = configuration.network.outputWidth
    network.reserve(batchSize: capacity)
    optimizer = configuration.optimizer.makeOptimizer(for: network.parameters)
    let augmenter = try configuration.augmentation.map {
      try Augmenter($0, inputWidth: width, stream: streams.augmentation)
    }
    batches = BatchSource(train: data.train, batchSize: batch, capacity: capacity, targetWidth: outputs,
                          shuffle: streams.shuffle, augmenter: augmenter)
    outputGradient = Matrix(rows: capacity, columns: outputs)
    bestWeights = configuration.earlyStoppingPatience == nil ? nil : NetworkSnapshot(of: network)
    if dataParallel, threads >= 2, case .classification(let loss) = objective {
      // Unowned: the trainer owns the engine, which never outlives it.
      self.dataParallel = DataParallelEngine(
        network: network, configuration: configuration, loss: loss, input: batches.buffer,
        dropout: streams.dropout.child("replica"),
        gatherRows: { [unowned(unsafe) batches] in batches.gatherTraining(rows: $1, ofBatch: $0, into: $2) },
        update: { [unowned(unsafe) self] in update(learningRate: $0) })
    }
  }

  /// Mini-batches per pass over the training set (a final partial batch is dropped).
  public var stepsPerEpoch: Int { batches.stepsPerPass }

  /// Loads mini-batch `stepInEpoch` of the current pass into the input buffers, for a caller that drives
  /// `step(learningRate:)` itself (the learning-rate range test). At `stepInEpoch` 0 it first draws a
  /// fresh order, exactly as each epoch of `trainEpoch` does. Allocates nothing.
  /// - Precondition: `0 <= stepInEpoch < stepsPerEpoch`.
  public func loadTrainingBatch(stepInEpoch: Int) {
    precondition((0..<stepsPerEpoch).contains(stepInEpoch), "batch \(stepInEpoch) is outside 0..<\(stepsPerEpoch)")
    if stepInEpoch == 0 { batches.beginPass() }
    batches.loadTrainingBatch(stepInEpoch)
  }

  /// One optimizer step on the batch in the input buffers. Returns the batch loss and the number of
  /// correct predictions. Allocates nothing.
  public func step(learningRate: Float) -> (loss: Float, correct: Int) {
    if let dataParallel { return dataParallel.step(learningRate: learningRate) }
    let output = network.forward(input, phase: .training)
    let batchLoss = objective.loss(output, targets: targets, gradient: outputGradient)
    let correct = objective.correct(output, targets: targets)
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

  /// Steps between two `onProgress` calls.
  public static let progressInterval = 20

  /// One epoch of mini-batch steps over a fresh order, continuing the global step count. A data-parallel
  /// trainer without augmentation runs the epoch as one loop on both cores (`DataParallelEngine.trainEpoch`);
  /// augmentation draws from one stream in row order, so it gathers each batch here.
  public func trainEpoch(epoch: Int, globalStep: inout Int,
                         onProgress: ((Int, Int, Int) -> Void)? = nil) -> EpochPass {
    batches.beginPass()
    if let dataParallel, configuration.augmentation == nil {
      return dataParallel.trainEpoch(epoch, steps: stepsPerEpoch, globalStep: &globalStep, onProgress: onProgress)
    }
    var pass = EpochPass()
    for stepInEpoch in 0..<stepsPerEpoch {
      batches.loadTrainingBatch(stepInEpoch)
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
  /// holds the best-validation epoch's weights, `RunResult.selectedEpoch`). `onEpoch` sees each recorded
  /// epoch as it finishes; `onProgress(epoch, step, stepsPerEpoch)` is called every few steps.
  public func run(onEpoch: (EpochRecord) -> Void = { _ in },
                  onProgress: ((Int, Int, Int) -> Void)? = nil) -> RunResult {
    var records: [EpochRecord] = [], globalStep = 0, trainingTime = Duration.zero
    let clock = ContinuousClock()
    var stopping = configuration.earlyStoppingPatience.map { EarlyStopping(patience: $0) }
    for epoch in 1...configuration.epochs {
      let started = clock.now
      let pass = trainEpoch(epoch: epoch, globalStep: &globalStep, onProgress: onProgress)
      trainingTime += clock.now - started
      if let step = pass.divergedAtStep {
        return finish(.diverged(epoch: epoch, step: step), records, globalStep, trainingTime)
      }
      guard epoch % data.recordEvery == 0 || epoch == configuration.epochs else { continue }
      let record = measure(epoch: epoch, pass)
      records.append(record)
      onEpoch(record)
      // The test loss stands for the model's outputs; a run that skips the test set watches validation's.
      let heldLoss = evaluatesTestEveryEpoch ? record.testLoss : record.validationLoss ?? .nan
      guard heldLoss.isFinite || data.test == nil, record.trainLoss.isFinite else {
        return finish(.diverged(epoch: epoch, step: globalStep), records, globalStep, trainingTime)
      }
      if stopping != nil, let accuracy = record.validationAccuracy {
        if stopping!.observe(epoch: epoch, validationAccuracy: accuracy) { bestWeights?.save() }
        if stopping!.shouldStop(after: epoch) { break }
      }
    }
    guard let best = stopping?.bestEpoch else { return finish(.ok, records, globalStep, trainingTime) }
    bestWeights?.restore()
    measureTestAtSelectedEpoch(&records, selectedEpoch: best)
    var result = finish(.ok, records, globalStep, trainingTime)
    result.selectedEpoch = best
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
