// One thread's part of a data-parallel step: the three phases of `DataParallelEngine`.

extension DataParallelEngine {
  /// One thread's part of a step on the batch in input buffer `buffer`. `whileWaiting` runs at the barriers
  /// after the first, while the other thread has not arrived and until it returns false.
  func stepPart(_ part: Int, buffer: Int, learningRate: Float, whileWaiting work: () -> Bool = { false }) {
    let batch = batchSize, half = batch / 2, x = buffers[buffer].features
    // The batch is in place, and neither thread still reads the other buffer (the previous step's).
    team.barrier(part)
    // Phase 1: this thread's share of the first layer's units, over the whole batch.
    var rows = halfInputs[buffer][part]
    if let first = replica.firstDense {
      first.forward(units: share(first.outputWidth, part: part, of: 2), input: x)
      team.barrier(part, whileWaiting: work)  // the next layers read every unit of their rows
      rows = replica.firstOutputHalves[part]
    }
    // Phase 2: this thread's half of the rows, through the loss and back to the input gradients.
    let halfLabels = buffers[buffer].targets.labels + part * half, dy = halfOutputGradients[part]
    let logits = replica.forward(part: part, rows)
    let halfLoss = loss.loss(logits, labels: halfLabels, gradient: dy)
    // The loss divided this half's gradient by `half` rows; the batch's mean divides by 2·half. Halving
    // is exact, so dy is bit for bit the full batch's.
    let g = dy.storage
    for i in 0..<dy.count { g[i] *= 0.5 }
    halfResults[part] = (halfLoss, countCorrect(logits, labels: halfLabels))
    replica.backward(part: part, dy)
    team.barrier(part, whileWaiting: work)  // the weight gradients read both halves' activations and output gradients
    // Phase 3: this thread's share of every dense layer's units, over the whole batch, then their update.
    for (layer, dense) in replica.denseLayers.enumerated() {
      let units = share(dense.layer.outputWidth, part: part, of: 2), input = dense.input ?? x
      dense.layer.weightGradient(units: units, rows: batch, input: input, outputGradient: dense.outputGradient)
      shares?.optimizers[part][layer].update(learningRate: learningRate)
    }
  }
}
