// What the harness's probes and the tests read from a trainer, beside training.

extension Trainer {
  /// Runs forward and backward on the first `count` training examples without updating anything, so
  /// probes can read activations (`ElementwiseActivation.output`) and gradients (`Parameter.gradient`).
  /// Uses the training phase: dropout draws masks and BatchNorm uses batch statistics, as in a real step.
  /// Every ReLU writes its own output here, also one whose max-pool otherwise does its work
  /// (`Network.fusesReLUIntoPooling`): the numbers are the same either way.
  public func computeGradients(onFirst count: Int) {
    let fused = network.fusesReLUIntoPooling
    network.fusesReLUIntoPooling = false
    defer { network.fusesReLUIntoPooling = fused }
    let rows = min(count, train.count, network.batchCapacity)
    batches.load(train, start: 0, count: rows)
    let output = network.forward(input, phase: .training)
    _ = objective.loss(output, targets: targets, gradient: outputGradient)
    network.backward(outputGradient)
  }

  /// The training batch in the input buffers: (rows × width features, labels), copied out for tests.
  func currentBatch() -> (features: [Float], labels: [Int32]) {
    (input.values, (0..<input.rows).map { targets.labels[$0] })
  }
}
