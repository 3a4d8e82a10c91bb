import Foundation
import Statistics

/// A synthetic regression: a random tanh "teacher" network, Gaussian noise, and gross outliers in a
/// chosen share of the training targets.
///
/// From streams named by `stream(purpose)`, so that everything but the outliers is the same for every
/// arm that names them alike:
/// - inputs x ~ N(0, I_d), `trainCount` training and `testCount` test examples;
/// - the teacher f(x) = Σⱼ vⱼ tanh(uⱼ·x + cⱼ), uⱼ ~ N(0, I/d), cⱼ ~ N(0, 0.5²), vⱼ ~ N(0, 1), then shifted
///   and scaled so that f has mean 0 and standard deviation 1 over the training inputs;
/// - training targets y = f(x) + σ ξ, ξ ~ N(0, 1) (the setting where L2 is the maximum-likelihood loss);
/// - outliers: a seeded order of the training examples; the first ⌊ε n⌉ of them get y += s u, s = ±1 with
///   probability ½ each, u ~ U(low, high) (symmetric, so they add spread but no systematic shift). The
///   offsets are drawn for every example in that order, so the outliers at ε = 0.1 are the first half of
///   those at 0.2;
/// - test targets are the noise-free f(x): a test error measures how far a fit is from the truth.
public struct TeacherRegression: Sendable {
  public var inputWidth = 10
  public var teacherWidth = 32
  public var noiseStandardDeviation = 0.3
  public var outlierOffset = (low: 10.0, high: 30.0)

  public init() {}

  public func make(trainCount: Int, testCount: Int, outlierFraction: Double,
                   stream: (String) -> RandomStream) -> (train: RegressionSet, test: RegressionSet) {
    let d = inputWidth, h = teacherWidth
    let teacher = stream("teacher")
    let u = (0..<(h * d)).map { _ in teacher.gaussian(standardDeviation: (1 / Double(d)).squareRoot()) }
    let c = (0..<h).map { _ in teacher.gaussian(standardDeviation: 0.5) }
    let v = (0..<h).map { _ in teacher.gaussian() }
    func f(_ x: ArraySlice<Double>) -> Double {
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
    let testX = (0..<(testCount * d)).map { _ in testStream.gaussian() }
    let trainRaw = (0..<trainCount).map { f(trainX[($0 * d)..<(($0 + 1) * d)]) }
    let testRaw = (0..<testCount).map { f(testX[($0 * d)..<(($0 + 1) * d)]) }
    let moments = Summary(trainRaw)
    let scale = 1 / moments.standardDeviation
    let noise = stream("noise")
    var targets = trainRaw.map { ($0 - moments.mean) * scale + noise.gaussian(standardDeviation: noiseStandardDeviation) }
    let outliers = stream("outliers")
    var order = Array(0..<trainCount)
    outliers.shuffle(&order)
    let offsets = order.map { _ in
      (outliers.uniform() < 0.5 ? -1.0 : 1.0) * outliers.uniform(outlierOffset.low, outlierOffset.high)
    }
    for k in 0..<Int((outlierFraction * Double(trainCount)).rounded()) { targets[order[k]] += offsets[k] }
    return (RegressionSet(features: trainX.map(Float.init), width: d, targets: targets.map(Float.init)),
            RegressionSet(features: testX.map(Float.init), width: d,
                          targets: testRaw.map { Float(($0 - moments.mean) * scale) }))
  }
}
