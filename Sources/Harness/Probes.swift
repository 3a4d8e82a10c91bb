import TrainingCore

/// Extra measurements an experiment asks for, beyond the loss and accuracy curves.
public enum ProbeKind: String, Codable, Sendable, Hashable {
  /// At initialization, on one batch of 256 training examples: the standard deviation of every hidden
  /// activation layer's output and the gradient norm of every dense layer's weights (probes.csv), plus
  /// the scalars `activation_std_ratio` (last hidden / first hidden) and `gradient_norm_ratio`
  /// (first layer / last hidden layer) in finals.csv.
  case signalPropagation = "signal-propagation"
  /// After training: how many hidden units of the first hidden layer are still distinct (rows of its
  /// weight matrix and bias that differ by more than 1e-6 relative). 1 means perfect symmetry.
  case distinctUnits = "distinct-units"
  /// After every epoch, on the same 256-example batch: ‖dW first layer‖ / ‖dW last hidden layer‖ as the
  /// curves.csv column `gradient_norm_ratio`.
  case gradientRatioCurve = "gradient-ratio-curve"
  /// After training: the whole training set (the subset trained on) evaluated in the inference phase, as
  /// the scalars `train_accuracy_inference` and `train_loss_inference`. Unlike the running training
  /// accuracy it sees the network without dropout, as the test set does (`Metric.inferenceTrainTestGap`).
  case trainEvaluation = "train-evaluation"
  /// A regression's test error after each epoch (curves) and at the end: root mean squared error
  /// (`test_rmse`) and mean absolute error (`test_mae`) of the outputs against the test targets.
  case regressionError = "regression-error"
}

enum Probes {
  static let batch = 256
  static let trainAccuracyInference = "train_accuracy_inference"
  static let trainLossInference = "train_loss_inference"

  /// Frobenius norm of a matrix.
  static func norm(_ m: Matrix<Float>) -> Double {
    var sum = 0.0
    for i in 0..<m.count { sum += Double(m.storage[i]) * Double(m.storage[i]) }
    return sum.squareRoot()
  }

  static func standardDeviation(_ m: Matrix<Float>) -> Double {
    let n = Double(m.count)
    guard n > 1 else { return .nan }
    var mean = 0.0
    for i in 0..<m.count { mean += Double(m.storage[i]) }
    mean /= n
    var squares = 0.0
    for i in 0..<m.count { squares += (Double(m.storage[i]) - mean) * (Double(m.storage[i]) - mean) }
    return (squares / (n - 1)).squareRoot()
  }

  /// ‖dW₁‖ / ‖dW_L‖ over the hidden dense layers (the output layer excluded), after `computeGradients`.
  static func gradientNormRatio(_ trainer: Trainer) -> Double {
    let hidden = trainer.network.denseLayers.dropLast()
    guard let first = hidden.first, let last = hidden.last else { return .nan }
    return norm(first.weight.gradient) / norm(last.weight.gradient)
  }

  /// Runs the probes due at initialization.
  static func atInitialization(_ kinds: [ProbeKind], trainer: Trainer, into record: inout CellRecord) {
    guard kinds.contains(.signalPropagation) else { return }
    trainer.computeGradients(onFirst: batch)
    let activations = trainer.network.layers.dropLast().compactMap { $0 as? ElementwiseActivation<Float> }
    let deviations = activations.map { standardDeviation($0.output) }
    for (index, value) in deviations.enumerated() {
      record.layerProbes.append(.init(probe: "activation_std", layer: index + 1, value: value))
    }
    for (index, dense) in trainer.network.denseLayers.enumerated() {
      record.layerProbes.append(.init(probe: "gradient_norm", layer: index + 1, value: norm(dense.weight.gradient)))
    }
    if let first = deviations.first, let last = deviations.last {
      record.probes["activation_std_first"] = first
      record.probes["activation_std_last"] = last
      record.probes["activation_std_ratio"] = last / first
    }
    record.probes["gradient_norm_ratio"] = gradientNormRatio(trainer)
  }

  /// Runs the per-epoch probes.
  static let testRootMeanSquaredError = "test_rmse"
  static let testMeanAbsoluteError = "test_mae"

  /// (RMSE, MAE) of the network's outputs on the test set, summed in Double in row order.
  static func regressionError(_ trainer: Trainer) -> (rmse: Double, mae: Double) {
    guard let test = trainer.test else { return (.nan, .nan) }
    var squared = 0.0, absolute = 0.0
    trainer.forEachEvaluationBatch(test) { output, targets in
      for k in 0..<output.count {
        let residual = Double(output.storage[k]) - Double(targets.values.storage[k])
        squared += residual * residual
        absolute += abs(residual)
      }
    }
    let n = Double(test.count * trainer.configuration.network.outputWidth)
    return ((squared / n).squareRoot(), absolute / n)
  }

  static func afterEpoch(_ kinds: [ProbeKind], trainer: Trainer, into record: inout CellRecord) {
    if kinds.contains(.regressionError) {
      let (rmse, mae) = regressionError(trainer)
      record.curveProbes[testRootMeanSquaredError, default: []].append(rmse)
      record.curveProbes[testMeanAbsoluteError, default: []].append(mae)
    }
    guard kinds.contains(.gradientRatioCurve) else { return }
    trainer.computeGradients(onFirst: batch)
    record.curveProbes["gradient_norm_ratio", default: []].append(gradientNormRatio(trainer))
  }

  /// Runs the probes due after training.
  static func atEnd(_ kinds: [ProbeKind], trainer: Trainer, into record: inout CellRecord) {
    if kinds.contains(.distinctUnits), let first = trainer.network.denseLayers.first {
      record.probes["distinct_units"] = Double(distinctRows(first))
    }
    if kinds.contains(.regressionError) {
      record.probes[testRootMeanSquaredError] = record.curveProbes[testRootMeanSquaredError]?.last
      record.probes[testMeanAbsoluteError] = record.curveProbes[testMeanAbsoluteError]?.last
    }
    if kinds.contains(.trainEvaluation) {
      let (loss, accuracy) = trainer.evaluate(trainer.train)
      record.probes[trainLossInference] = loss
      record.probes[trainAccuracyInference] = accuracy
    }
  }

  /// Units (rows of W with their bias) that differ from every earlier unit by more than 1e-6 relative.
  static func distinctRows(_ dense: Dense<Float>) -> Int {
    let w = dense.weight.value, b = dense.bias?.value
    var scale: Float = 0
    for i in 0..<w.count { scale = max(scale, abs(w.storage[i])) }
    let tolerance = 1e-6 * max(1, scale)
    var representatives: [Int] = []
    for row in 0..<w.rows {
      let isNew = representatives.allSatisfy { other in
        if let b, abs(b.storage[row] - b.storage[other]) > tolerance { return true }
        for column in 0..<w.columns where abs(w[row, column] - w[other, column]) > tolerance { return true }
        return false
      }
      if isNew { representatives.append(row) }
    }
    return representatives.count
  }
}
