// A whole data-parallel epoch as one loop on both threads, gathering each next batch while waiting.

/// What both threads of a data-parallel epoch read: set by the caller's thread before the loop starts.
struct ParallelEpoch {
  let number: Int
  let steps: Int
  /// The global step count before the epoch's first step (the schedule's input).
  let firstGlobalStep: Int
  let onProgress: ((Int, Int, Int) -> Void)?
}

extension DataParallelEngine {
  /// Rows per chunk of a batch's gather (`gatherChunk`): 25 KB of a 784-wide input, a short copy, so a
  /// thread that takes one while waiting at a barrier passes the barrier at most that late.
  static let rowsPerGatherChunk = 8

  var gatherChunksPerBatch: Int { (batchSize + Self.rowsPerGatherChunk - 1) / Self.rowsPerGatherChunk }

  /// `steps` steps over the epoch's permutation (which `gatherRows` reads), continuing the global step
  /// count, without a join between steps: both threads run the whole loop over the epoch's batches,
  /// meeting only at the step's barriers.
  ///
  /// The batches alternate between two input buffers. From the start of step n (its first barrier, past
  /// which nobody reads step n − 1's buffer) batch n + 1 may be copied into the other buffer, and it is,
  /// in chunks of rows handed out by a shared counter, by whichever thread arrives first at one of step
  /// n's later barriers, while it would otherwise spin; what nobody took by the end of step n, each
  /// thread takes before step n + 1 begins. The copy (memory-bound on scattered rows) thus fills the time
  /// one core waits for the other. Which thread copies which rows changes no byte: the loop computes
  /// exactly what a `step` per batch computes (a test checks).
  ///
  /// Also gone with the join: the caller's serial stretch between steps and the wake-up of the worker.
  func trainEpoch(_ number: Int, steps: Int, globalStep: inout Int,
                  onProgress: ((Int, Int, Int) -> Void)?) -> EpochPass {
    epoch = ParallelEpoch(number: number, steps: steps, firstGlobalStep: globalStep, onProgress: onProgress)
    pass = EpochPass()
    gatherTickets.store(0, ordering: .sequentiallyConsistent)
    buffers[0].rows = batchSize  // evaluation may have left it at another size
    replica.firstDense?.beginForwardByUnits(rows: batchSize)
    team.run(self)
    epoch = nil
    globalStep += pass.steps
    return pass
  }

  /// One thread's part of `trainEpoch`.
  func runEpoch(_ part: Int, _ epoch: ParallelEpoch) {
    let chunks = gatherChunksPerBatch
    for step in 0..<epoch.steps {
      while gatherChunk(below: (step + 1) * chunks) {}  // this batch's rows nobody took while waiting
      let learningRate = configuration.schedule.learningRate(at: epoch.firstGlobalStep + step)
      let nextBatch = step + 1 < epoch.steps ? (step + 2) * chunks : 0
      stepPart(part, buffer: step % 2, learningRate: Float(learningRate)) { gatherChunk(below: nextBatch) }
      if shares == nil {  // the update reads both threads' gradients; the next step's barrier waits for it
        team.barrier(part) { gatherChunk(below: nextBatch) }
        if part == 0 { update(Float(learningRate)) }
      }
      // Both threads read both halves' results (written before the step's last barrier, not rewritten
      // before the next step's first), so both stop after the same step; part 0 keeps the books.
      let (batchLoss, batchCorrect) = batchResult
      if part == 0, pass.record(loss: batchLoss, correct: batchCorrect, learningRate: learningRate,
                                globalStep: epoch.firstGlobalStep + step + 1),
         let onProgress = epoch.onProgress, step % Trainer.progressInterval == 0 {
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
    let chunks = gatherChunksPerBatch, batch = ticket / chunks, firstRow = (ticket % chunks) * Self.rowsPerGatherChunk
    gatherRows(batch, firstRow..<min(firstRow + Self.rowsPerGatherChunk, batchSize), buffers[batch % 2])
    return true
  }
}
