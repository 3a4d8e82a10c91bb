import Statistics
import Testing
import TrainingCore
import _TestSupport

/// Losses: gradients against centered differences, and values computable by hand.
@Suite struct LossTests {
  /// Worst relative error between `loss`'s gradient and centered differences of its value.
  func worstError(_ evaluate: (Matrix<Double>, Matrix<Double>?) -> Double, logits: Matrix<Double>) -> Double {
    let gradient = Matrix<Double>(rows: logits.rows, columns: logits.columns)
    _ = evaluate(logits, gradient)
    let h = 1e-6
    var worst = 0.0
    for i in 0..<logits.count {
      let saved = logits.storage[i]
      logits.storage[i] = saved + h
      let plus = evaluate(logits, nil)
      logits.storage[i] = saved - h
      let minus = evaluate(logits, nil)
      logits.storage[i] = saved
      let numeric = (plus - minus) / (2 * h), analytic = gradient.storage[i]
      let absolute = abs(numeric - analytic)
      if absolute > 1e-10 { worst = max(worst, absolute / (abs(numeric) + abs(analytic))) }
    }
    return worst
  }

  static let labels: [Int32] = [0, 3, 2, 3]

  @Test(arguments: LossSpec.allCases)
  func classificationLossGradients(_ spec: LossSpec) {
    guard case .classification(let loss) = spec.objective else { return }  // regression losses: below
    let stream = RandomStream("tests", "loss", spec.description)
    let logits = randomMatrix(4, 5, stream: stream, scale: 2, as: Double.self)
    let error = Self.labels.withUnsafeBufferPointer { labels in
      worstError({ loss.loss($0, labels: labels.baseAddress!, gradient: $1) }, logits: logits)
    }
    #expect(error <= 1e-6, "\(spec): worst relative error \(error)")
  }

  @Test func regressionLossGradients() {
    let stream = RandomStream("tests", "regression-loss")
    let targets = randomMatrix(3, 2, stream: stream, as: Double.self)
    let outputs = randomMatrix(3, 2, stream: stream, as: Double.self)
    for loss in [L2Loss() as any RegressionLoss, L1Loss()] {
      let error = worstError({ loss.loss($0, targets: targets, gradient: $1) }, logits: outputs)
      #expect(error <= 1e-6, "\(loss.name): worst relative error \(error)")
    }
  }

  @Test func crossEntropyOfUniformLogitsIsLogOfClassCount() {
    let logits = Matrix<Double>(rows: 2, columns: 10)
    let labels: [Int32] = [3, 7]
    let value = labels.withUnsafeBufferPointer { SoftmaxCrossEntropy().loss(logits, labels: $0.baseAddress!, gradient: nil) }
    #expect(isClose(value, 2.302585092994046, relative: 1e-14))
  }

  @Test func crossEntropyIsFiniteForHugeLogits() {
    let logits = Matrix<Float>(rows: 1, columns: 3, values: [1000, -1000, 0])
    let gradient = Matrix<Float>(rows: 1, columns: 3)
    let labels: [Int32] = [1]
    let value = labels.withUnsafeBufferPointer { SoftmaxCrossEntropy().loss(logits, labels: $0.baseAddress!, gradient: gradient) }
    #expect(value == 2000)
    #expect(gradient.values == [1, -1, 0])
  }

  /// Hand values: logits (0, 0) with label 0 → p = (½, ½); MSE on softmax = ((½−1)² + ½²) / 2 = ¼;
  /// MSE on logits = ((0−1)² + 0²) / 2 = ½.
  @Test func meanSquaredErrorHandValues() {
    let logits = Matrix<Double>(rows: 1, columns: 2)
    let labels: [Int32] = [0]
    labels.withUnsafeBufferPointer { l in
      #expect(MeanSquaredError(on: .softmaxOutputs).loss(logits, labels: l.baseAddress!, gradient: nil) == 0.25)
      #expect(MeanSquaredError(on: .logits).loss(logits, labels: l.baseAddress!, gradient: nil) == 0.5)
    }
  }

  @Test func l1AndL2HandValues() {
    let output = Matrix<Double>(rows: 1, columns: 3, values: [1, 2, 10])
    let target = Matrix<Double>(rows: 1, columns: 3, values: [1, 3, 0])
    #expect(L1Loss().loss(output, targets: target, gradient: nil) == 11.0 / 3)
    #expect(L2Loss().loss(output, targets: target, gradient: nil) == 101.0 / 3)
  }

  @Test func accuracyCountsArgmaxMatches() {
    let output = Matrix<Float>(rows: 3, columns: 3, values: [0, 1, 0, 5, 1, 1, 0, 0, 0])
    let labels: [Int32] = [1, 0, 2]
    #expect(labels.withUnsafeBufferPointer { countCorrect(output, labels: $0.baseAddress!) } == 2)  // tie → class 0
  }

  @Test func lossNamesGiveTheirLosses() {
    #expect(LossSpec.names == ["cross-entropy", "mse-softmax", "mse-logits", "l2", "l1"])
    for spec in LossSpec.allCases { #expect(LossSpec(name: spec.description) == spec) }
    #expect(LossSpec(name: "mse-softmax")?.kind as? MeanSquaredError == MeanSquaredError(on: .softmaxOutputs))
    #expect(LossSpec(name: "hinge") == nil)
  }
}
