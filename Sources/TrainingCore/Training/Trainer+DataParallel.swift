import Statistics

// Training on two cores: a whole epoch as one loop on both threads, or one step at a time.
// See `DataParallelReplica` for how a step splits its work, and `TwoThreadTeam` for the threads.

/// What both threads of a data-parallel epoch read: set by the caller's thread before the loop starts.
struct ParallelEpoch {
  let number: Int
  let steps: Int
  /// The global step count before the epoch's first step (the schedule's input).
  let firstGlobalStep: Int
  let onProgress: ((Int, Int, Int) -> Void)?
}

extension Trainer {
  typealias DataParallelParts = (replica: DataParallelReplica<Float>?, inputBuffers: [BatchSource.InputBuffer],
                                 halfInputs: [[Matrix<Float>]], halfOutputGradients: [Matrix<Float>],
                                 updatesInShares: Bool, foldingOptimizer: (any GradientFoldingOptimizer<Float>)?,
                                 gradientFolds: [Dense<Float>.GradientFolds])

  /// The replica and buffers of a data-parallel trainer, or none when the run stays on one thread.
  static func dataParallelParts(network: Network<Float>, optimizer: any Optimizer<Float>,
                                configuration: RunConfiguration, objective: Objective, batches: BatchSource,
                                outputGradient: Matrix<Float>, threads: Int,
                                dropout: RandomStream) -> DataParallelParts {
    let batch = configuration.batchSize
    guard threads >= 2, batch >= 2, batch % 2 == 0, case .classification = objective,
          DataParallelReplica.supports(network) else {
      return (nil, [batches.buffer], [], [], false, nil, [])
    }
    // Each half runs its GEMMs on one core: OpenBLAS's own threads would only compete with the other
    // half. Its thread count is a process-wide setting, so it is set once here, never toggled per step
    // (another thread's GEMM could see the toggle and sum in another order).
    BLAS.setThreads(1)
    let replica = DataParallelReplica(of: network, dropout: dropout.child("replica"), half: batch / 2)
    let inputBuffers = [batches.buffer, BatchSource.InputBuffer(capacity: batch, width: batches.train.width,
                                                               targetWidth: configuration.network.outputWidth)]
    let halfInputs = inputBuffers.map { buffer in
      [0, 1].map { Matrix(viewingRowsOf: buffer.features, start: $0 * batch / 2, count: batch / 2) }
    }
    let halfOutputGradients = [0, 1].map { Matrix(viewingRowsOf: outputGradient, start: $0 * batch / 2, count: batch / 2) }
    let updatesInShares = optimizer.updatesInShares
      && configuration.weightDecay == 0 && configuration.gradientClipNorm == nil
    // A dense layer's parameters are its weight and, if it has one, its bias (`Dense.parameters`).
    let folding = updatesInShares ? optimizer as? any GradientFoldingOptimizer<Float> : nil
    let folds = replica.parameterIndices.compactMap { indices -> Dense<Float>.GradientFolds? in
      guard let weight = folding?.gradientFold(parameter: indices.lowerBound) else { return nil }
      guard indices.count == 2 else { return (weight, nil) }
      return folding?.gradientFold(parameter: indices.lowerBound + 1).map { (weight, $0) }
    }
    let foldsEveryLayer = !folds.isEmpty && folds.count == replica.parameterIndices.count
    return (replica, inputBuffers, halfInputs, halfOutputGradients, updatesInShares,
            foldsEveryLayer ? folding : nil, foldsEveryLayer ? folds : [])
  }

  /// Rows per chunk of a batch's gather (`gatherChunk`): ~4 µs of copying on the bench's 784-wide input,
  /// so a thread that takes one while waiting at a barrier passes the barrier at most that late.
  static let rowsPerGatherChunk = 8

  var gatherChunksPerBatch: Int {
    (configuration.batchSize + Self.rowsPerGatherChunk - 1) / Self.rowsPerGatherChunk
  }

  /// One epoch on two cores without a join between steps: both threads run the whole loop over the
  /// epoch's batches, meeting only at the step's barriers.
  ///
  /// The batches alternate between two input buffers. From the start of step n (its first barrier, past
  /// which nobody reads step n − 1's buffer) batch n + 1 may be copied into the other buffer, and it is,
  /// in chunks of rows handed out by a shared counter, by whichever thread arrives first at one of step
  /// n's later barriers, while it would otherwise spin; what nobody took by the end of step n, each
  /// thread takes before step n + 1 begins. The copy (~60 µs a step on the bench's net, memory-bound on
  /// scattered rows) thus fills the time one core waits for the other. Which thread copies which rows
  /// changes no byte: the loop computes exactly what a `step` per batch computes (a test checks).
  ///
  /// Also gone with the join: the caller's serial stretch between steps and the wake-up of the worker.
  func trainEpochInParallel(_ replica: DataParallelReplica<Float>, epoch: Int, globalStep: inout Int,
                            onProgress: ((Int, Int, Int) -> Void)?) -> EpochPass {
    parallelEpoch = ParallelEpoch(number: epoch, steps: stepsPerEpoch, firstGlobalStep: globalStep,
                                  onProgress: onProgress)
    parallelPass = EpochPass()
    gatherTickets.store(0, ordering: .sequentiallyConsistent)
    input.rows = configuration.batchSize  // evaluation may have left it at another size
    replica.firstDense?.beginForward(input)  // sizes its output; each step hands it its own buffer
    replica.team.run(self)
    parallelEpoch = nil
    globalStep += parallelPass.steps
    return parallelPass
  }

  /// One step on two cores, on the batch in `input` (see `DataParallelReplica` for the three phases).
  func dataParallelStep(_ replica: DataParallelReplica<Float>, learningRate: Float) -> (loss: Float, correct: Int) {
    parallelLearningRate = learningRate
    replica.firstDense?.beginForward(input)
    replica.team.run(self)
    if !updatesInShares { update(learningRate: learningRate) }
    return batchResult
  }

  /// The batch's loss (the mean of the halves' means) and correct count, from both halves' results.
  private var batchResult: (loss: Float, correct: Int) {
    ((halfResults[0].loss + halfResults[1].loss) / 2, halfResults[0].correct + halfResults[1].correct)
  }

  /// One thread's part of `trainEpochInParallel` or of `dataParallelStep`.
  func runPart(_ part: Int) {
    guard let replica else { return }
    guard let epoch = parallelEpoch else {
      stepPart(part, replica, buffer: 0, learningRate: parallelLearningRate)
      return
    }
    let chunks = gatherChunksPerBatch
    for step in 0..<epoch.steps {
      while gatherChunk(below: (step + 1) * chunks) {}  // this batch's rows nobody took while waiting
      let learningRate = configuration.schedule.learningRate(at: epoch.firstGlobalStep + step)
      let nextBatch = step + 1 < epoch.steps ? (step + 2) * chunks : 0
      stepPart(part, replica, buffer: step % 2, learningRate: Float(learningRate)) { gatherChunk(below: nextBatch) }
      if !updatesInShares {  // the update reads both threads' gradients; the next step's barrier waits for it
        replica.team.barrier(part) { gatherChunk(below: nextBatch) }
        if part == 0 { update(learningRate: Float(learningRate)) }
      }
      // Both threads read both halves' results (written before the step's last barrier, not rewritten
      // before the next step's first), so both stop after the same step; part 0 keeps the books.
      let (batchLoss, batchCorrect) = batchResult
      if part == 0, parallelPass.record(loss: batchLoss, correct: batchCorrect, learningRate: learningRate,
                                        globalStep: epoch.firstGlobalStep + step + 1),
         let onProgress = epoch.onProgress, step % Self.progressInterval == 0 {
        onProgress(epoch.number, step, epoch.steps)
      }
      guard batchLoss.isFinite else { return }
    }
  }

  /// Takes the next chunk of rows to gather if its ticket is below `limit`, copies it, and says whether
  /// there was one. Ticket t is chunk t % chunks of batch t / chunks, copied into input buffer
  /// (t / chunks) % 2.
  func gatherChunk(below limit: Int) -> Bool {
    var ticket = gatherTickets.load(ordering: .relaxed)
    while true {
      guard ticket < limit else { return false }
      let (taken, seen) = gatherTickets.compareExchange(expected: ticket, desired: ticket + 1, ordering: .relaxed)
      if taken { break }
      ticket = seen
    }
    let batchSize = configuration.batchSize, chunks = gatherChunksPerBatch
    let batch = ticket / chunks, firstRow = (ticket % chunks) * Self.rowsPerGatherChunk
    let rows = firstRow..<min(firstRow + Self.rowsPerGatherChunk, batchSize)
    batches.gatherTraining(rows: rows, ofBatch: batch, into: inputBuffers[batch % 2])
    return true
  }

  /// One thread's part of a step on the batch in input buffer `buffer`. `whileWaiting` runs at the barriers
  /// after the first, while the other thread has not arrived and until it returns false.
  private func stepPart(_ part: Int, _ replica: DataParallelReplica<Float>, buffer: Int, learningRate: Float,
                        whileWaiting work: () -> Bool = { false }) {
    let batch = configuration.batchSize, half = batch / 2, team = replica.team, first = replica.firstDense
    let x = inputBuffers[buffer].features
    // The batch is in place, and neither thread still reads the other buffer (the previous step's).
    team.barrier(part)
    // Phase 1: this thread's share of the first layer's units, over the whole batch.
    var startLayer = 0, rows = halfInputs[buffer][part]
    if let first {
      first.forward(units: share(first.outputWidth, part: part, of: 2), input: x)
      team.barrier(part, whileWaiting: work)  // the next layers read every unit of their rows
      startLayer = 1
      rows = replica.firstOutputHalves[part]
    }
    // Phase 2: this thread's half of the rows, through the loss and back to the input gradients.
    let network = part == 0 ? self.network : replica.network
    let halfLabels = inputBuffers[buffer].targets.labels + part * half, dy = halfOutputGradients[part]
    let logits = network.forward(rows, phase: .training, fromLayer: startLayer)
    guard case .classification(let loss) = objective else { preconditionFailure("data parallelism is for classification") }
    let halfLoss = loss.loss(logits, labels: halfLabels, gradient: dy)
    // The loss divided this half's gradient by `half` rows; the batch's mean divides by 2·half. Halving
    // is exact, so dy is bit for bit the full batch's.
    let g = dy.storage
    for i in 0..<dy.count { g[i] *= 0.5 }
    halfResults[part] = (halfLoss, countCorrect(logits, labels: halfLabels))
    let firstOutputGradient = network.backward(dy, downToLayer: startLayer)
    if part == 0, let first { _ = first.backward(firstOutputGradient) }  // records dy for its weight gradient
    team.barrier(part, whileWaiting: work)  // the weight gradients read both halves' activations and output gradients
    // Phase 3: this thread's share of every dense layer's units, over the whole batch, then their update.
    for (layer, (dense, parameters)) in zip(replica.mainDenseLayers, replica.parameterIndices).enumerated() {
      let units = share(dense.outputWidth, part: part, of: 2)
      let given = dense === first ? x : nil
      if let foldingOptimizer {
        dense.weightGradient(units: units, rows: batch, input: given, folding: gradientFolds[layer])
        foldingOptimizer.updateFromFoldedGradients(learningRate: learningRate, parameters: parameters,
                                                   part: part, of: 2)
      } else {
        dense.weightGradient(units: units, rows: batch, input: given)
        if updatesInShares {
          optimizer.update(learningRate: learningRate, parameters: parameters, part: part, of: 2)
        }
      }
    }
  }
}
