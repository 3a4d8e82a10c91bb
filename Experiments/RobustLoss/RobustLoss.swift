import Datasets
import Foundation
import Harness
import Statistics
import TrainingCore

/// L1 versus L2 loss on a regression with injected outliers — shared/claims.md, `robust-loss`.
///
/// Data (synthetic, seeded; the Fashion-MNIST data handed to `runCell` is ignored). Per seed, from streams
/// named (experiment, seed, purpose) and so shared by every arm of the seed:
/// - inputs x ~ N(0, I₁₀): 1,000 training and 2,000 test examples;
/// - a teacher f(x) = Σⱼ vⱼ tanh(uⱼ·x + cⱼ), 32 tanh units, uⱼ ~ N(0, I/10), cⱼ ~ N(0, 0.5²), vⱼ ~ N(0, 1),
///   then shifted and scaled so that f has mean 0 and standard deviation 1 over the training inputs;
/// - training targets y = f(x) + 0.3 ξ, ξ ~ N(0, 1) (Gaussian noise, the setting where L2 is the
///   maximum-likelihood loss);
/// - outliers: a seeded random order of the training examples; the first ⌊ε · 1000⌉ of them get
///   y += s · u, s = ±1 with probability ½ each, u ~ U(10, 30) (gross errors, 10-30 target standard
///   deviations, symmetric so that they add spread but no systematic shift). The offsets are drawn for
///   every example in that order, so the outliers at ε = 0.1 are the first half of those at 0.2;
/// - test targets are the noise-free f(x): the test error measures how far the fit is from the truth.
/// Model: a 10-64-64-1 ReLU MLP (He-normal weights, zero biases), Adam (Kingma & Ba defaults) from 1e-3
/// decaying linearly to 0 over the run (so neither loss ends on a noisy constant-rate iterate), batch 50
/// (20 steps per epoch), 100 epochs. The configuration's `loss` field is not used: the regression loss is
/// the arm's `loss` factor, L2 = mean squared error, L1 = mean absolute error (`RegressionLosses.swift`).
/// What varies: the loss ∈ {L1, L2} and the outlier fraction ε ∈ {0, 0.05, 0.1, 0.2}.
/// Metrics: clean test RMSE (`test_rmse`, the decision metric) and MAE (`test_mae`) after the last epoch,
/// and per epoch (curves.csv); curves' train_loss / test_loss are each arm's own loss (not comparable
/// between L1 and L2), accuracies are NaN.
/// Margins, fixed before any run (RMSE in units of the target's standard deviation): "L1 is insensitive"
/// = its RMSE at ε = 0.2 is not worse than at ε = 0 by more than 0.05 (a sixth of the noise level 0.3);
/// "L2 is not worse without outliers" = within 0.01 of L1.
public struct RobustLoss: Experiment {
  public init() {}
  public let id = "robust-loss"
  public let title = "L1 vs L2 loss with outliers in the targets"
  public let claim = """
    L1 (absolute-error) loss is less sensitive to outliers than L2 (squared-error) loss: with gross errors \
    in some training targets, a regression trained with L1 stays close to the truth while L2 is pulled away.
    """
  public let source = "Practitioner articles (shared/claims.md, \"Further claims\")."

  static let inputWidth = 10
  static let teacherWidth = 32
  static let noiseStandardDeviation = 0.3
  static let outlierOffset = (low: 10.0, high: 30.0)
  static let fractions = [0, 0.05, 0.1, 0.2]
  static let losses = ["l1", "l2"]
  static let rmse = "test_rmse"
  static let mae = "test_mae"
  static let testCount = 2_000

  public func seedCount(for profile: Profile) -> Int { profile.pick(quick: 2, full: 10) }

  static func name(_ loss: String, _ fraction: Double) -> String { "\(loss)-eps\(fraction)" }

  public func arms(for profile: Profile) -> [Arm] {
    let examples = profile.pick(quick: 200, full: 1_000), batch = 50, epochs = profile.pick(quick: 2, full: 100)
    let configuration = RunConfiguration(
      network: NetworkSpec(inputWidth: Self.inputWidth, hidden: [64, 64], outputWidth: 1, activation: .relu,
                           initializer: .heNormal),
      optimizer: .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8),
      schedule: .polynomial(PolynomialDecay(base: 1e-3, power: 1, maxSteps: epochs * (examples / batch))),
      batchSize: batch, epochs: epochs, trainSubset: examples)
    return Self.losses.flatMap { loss in
      Self.fractions.map { fraction in
        Arm(Self.name(loss, fraction), configuration,
            factors: [.init("loss", loss), .init("outlier_fraction", "\(fraction)")])
      }
    }
  }

  public let subClaims: [SubClaim] = [
    SubClaim("a", "with outliers (10% and 20% of the training targets), L1 beats L2 on clean test RMSE",
             rules: [.beats(name("l1", 0.1), [name("l2", 0.1)], metric: .lowerProbe(rmse)),
                     .beats(name("l1", 0.2), [name("l2", 0.2)], metric: .lowerProbe(rmse))]),
    SubClaim("b", "L2 is sensitive to outliers: its clean test RMSE is worse with 20% outliers than with none",
             rules: [.beats(name("l2", 0), [name("l2", 0.2)], metric: .lowerProbe(rmse))]),
    SubClaim("c", "L1 is insensitive: with 20% outliers its clean test RMSE is not worse than with none by more than 0.05",
             rules: [.notWorse(name("l1", 0.2), than: name("l1", 0), margin: 0.05, metric: .lowerProbe(rmse))]),
    SubClaim("d", "without outliers (Gaussian noise) L2 is not worse than L1 by more than 0.01 RMSE",
             rules: [.notWorse(name("l2", 0), than: name("l1", 0), margin: 0.01, metric: .lowerProbe(rmse))]),
  ]

  /// One seed's synthetic regression data (inputs row-major, `inputWidth` per row).
  struct RegressionData {
    var trainInputs: [Float]
    var trainTargets: [Float]
    var testInputs: [Float]
    var testTargets: [Float]
  }

  /// The data of `seed` with a fraction `fraction` of the training targets made outliers (see the doc
  /// comment). Everything but the outliers is the same for every arm of the seed.
  func makeData(seed: Int, trainCount: Int, fraction: Double) -> RegressionData {
    let d = Self.inputWidth, h = Self.teacherWidth
    func stream(_ purpose: String) -> RandomStream { RandomStream(id, "seed-\(seed)", purpose) }
    let teacher = stream("teacher")
    let u = (0..<(h * d)).map { _ in teacher.gaussian(standardDeviation: (1 / Double(d)).squareRoot()) }
    let c = (0..<h).map { _ in teacher.gaussian(standardDeviation: 0.5) }
    let v = (0..<h).map { _ in teacher.gaussian() }
    func raw(_ x: ArraySlice<Double>) -> Double {
      var total = 0.0
      for j in 0..<h {
        var z = c[j]
        for i in 0..<d { z += u[j * d + i] * x[x.startIndex + i] }
        total += v[j] * tanh(z)
      }
      return total
    }
    let trainStream = stream("train-inputs"), testStream = stream("test-inputs")
    let trainX = (0..<(trainCount * d)).map { _ in trainStream.gaussian() }
    let testX = (0..<(Self.testCount * d)).map { _ in testStream.gaussian() }
    let trainRaw = (0..<trainCount).map { raw(trainX[($0 * d)..<(($0 + 1) * d)]) }
    let testRaw = (0..<Self.testCount).map { raw(testX[($0 * d)..<(($0 + 1) * d)]) }
    let moments = Summary(trainRaw)
    let scale = 1 / moments.standardDeviation
    let noise = stream("noise")
    var targets = trainRaw.map { ($0 - moments.mean) * scale + noise.gaussian(standardDeviation: Self.noiseStandardDeviation) }
    let outliers = stream("outliers")
    var order = Array(0..<trainCount)
    outliers.shuffle(&order)
    let offsets = order.map { _ in
      (outliers.uniform() < 0.5 ? -1.0 : 1.0) * outliers.uniform(Self.outlierOffset.low, Self.outlierOffset.high)
    }
    let count = Int((fraction * Double(trainCount)).rounded())
    for k in 0..<count { targets[order[k]] += offsets[k] }
    return RegressionData(trainInputs: trainX.map(Float.init), trainTargets: targets.map(Float.init),
                          testInputs: testX.map(Float.init),
                          testTargets: testRaw.map { Float(($0 - moments.mean) * scale) })
  }

  public func runCell(arm: Arm, seed: Int, train: Dataset, test: Dataset) throws -> CellOutcome? {
    let configuration = arm.configuration
    let lossName = arm.factors.first { $0.name == "loss" }!.value
    let fraction = Double(arm.factors.first { $0.name == "outlier_fraction" }!.value)!
    let trainCount = configuration.trainSubset!, batch = configuration.batchSize, d = Self.inputWidth
    let data = makeData(seed: seed, trainCount: trainCount, fraction: fraction)
    let loss: any RegressionLoss = lossName == "l1" ? L1Loss() : L2Loss()
    let streams = RunStreams(experiment: id, arm: arm.name, seed: seed)
    let network = Network<Float>(configuration.network, initialization: streams.initialization, dropout: streams.dropout)
    network.reserve(batchSize: max(batch, Self.testCount))
    let optimizer = configuration.optimizer.makeOptimizer(for: network.parameters)
    let input = Matrix<Float>(rows: batch, columns: d), targets = Matrix<Float>(rows: batch, columns: 1)
    let outputGradient = Matrix<Float>(rows: batch, columns: 1)
    let testInput = Matrix<Float>(rows: Self.testCount, columns: d, values: data.testInputs)
    let testTargets = Matrix<Float>(rows: Self.testCount, columns: 1, values: data.testTargets)
    var order = Array(0..<trainCount)
    var records: [EpochRecord] = [], rmseCurve: [Double] = [], maeCurve: [Double] = []
    var globalStep = 0
    let started = ContinuousClock.now
    for epoch in 1...configuration.epochs {
      streams.shuffle.shuffle(&order)
      var lossSum = 0.0, rate = 0.0
      let steps = trainCount / batch
      for step in 0..<steps {
        for row in 0..<batch {
          let example = order[step * batch + row]
          for i in 0..<d { input.storage[row * d + i] = data.trainInputs[example * d + i] }
          targets.storage[row] = data.trainTargets[example]
        }
        rate = configuration.schedule.learningRate(at: globalStep)
        let value = loss.loss(network.forward(input, phase: .training), targets: targets, gradient: outputGradient)
        network.backward(outputGradient)
        optimizer.update(learningRate: Float(rate))
        globalStep += 1
        guard value.isFinite else {
          return CellOutcome(status: .diverged(epoch: epoch, step: globalStep), epochs: records,
                             curveProbes: [Self.rmse: rmseCurve, Self.mae: maeCurve])
        }
        lossSum += Double(value)
      }
      let prediction = network.forward(testInput, phase: .inference)
      var squared = 0.0, absolute = 0.0
      for k in 0..<Self.testCount {
        let residual = Double(prediction.storage[k]) - Double(testTargets.storage[k])
        squared += residual * residual
        absolute += abs(residual)
      }
      rmseCurve.append((squared / Double(Self.testCount)).squareRoot())
      maeCurve.append(absolute / Double(Self.testCount))
      let testLoss = Double(loss.loss(prediction, targets: testTargets, gradient: nil))
      records.append(EpochRecord(epoch: epoch, trainLoss: lossSum / Double(steps), trainAccuracy: .nan,
                                 testLoss: testLoss, testAccuracy: .nan, learningRate: rate))
      guard testLoss.isFinite else {
        return CellOutcome(status: .diverged(epoch: epoch, step: globalStep), epochs: records,
                           curveProbes: [Self.rmse: rmseCurve, Self.mae: maeCurve])
      }
    }
    let seconds = (ContinuousClock.now - started) / .seconds(1)
    return CellOutcome(epochs: records, probes: [Self.rmse: rmseCurve.last!, Self.mae: maeCurve.last!],
                       curveProbes: [Self.rmse: rmseCurve, Self.mae: maeCurve],
                       samplesPerSecond: seconds > 0 ? Double(globalStep * batch) / seconds : 0)
  }
}
