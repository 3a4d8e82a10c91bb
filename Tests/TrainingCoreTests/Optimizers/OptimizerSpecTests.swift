import Foundation
import Testing
@testable import TrainingCore

@Suite struct OptimizerSpecTests {
  static let specs: [(OptimizerSpec, String)] = [
    (.sgd, "sgd"),
    (.momentum(0.9, nesterov: false), "momentum(0.9)"),
    (.momentum(0.99, nesterov: true), "nesterov(0.99)"),
    (.adaGrad(epsilon: 1e-10), "adagrad(1e-10)"),
    (.rmsProp(decay: 0.99, epsilon: 1e-8), "rmsprop(0.99,1e-08)"),
    (.adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8), "adam(0.9,0.999,1e-08)"),
    (.adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01), "adamw(0.9,0.999,1e-08,0.01)"),
  ]

  @Test(arguments: specs)
  func descriptionIsStable(spec: OptimizerSpec, description: String) {
    #expect(spec.description == description)
  }

  @Test(arguments: specs.map(\.0))
  func roundTripsThroughJSON(spec: OptimizerSpec) throws {
    let data = try JSONEncoder().encode(spec)
    #expect(try JSONDecoder().decode(OptimizerSpec.self, from: data) == spec)
  }

  /// Every CLI name parses, and its description starts with that name.
  @Test(arguments: OptimizerSpec.names)
  func everyNameParses(name: String) throws {
    let spec = try #require(OptimizerSpec(name: name))
    #expect(spec.description == name || spec.description.hasPrefix(name + "("))
  }

  @Test func unknownNameIsRejected() {
    #expect(OptimizerSpec(name: "lamb") == nil)
  }

  @Test func makesTheOptimizerItNames() {
    let ps = [makeParameter([1.0])]
    #expect(OptimizerSpec.sgd.makeOptimizer(for: ps) is SGD<Double>)
    let nesterov = OptimizerSpec.momentum(0.5, nesterov: true).makeOptimizer(for: ps) as? Momentum<Double>
    #expect(nesterov?.nesterov == true && nesterov?.momentum == 0.5)
    #expect(OptimizerSpec.adaGrad(epsilon: 1e-10).makeOptimizer(for: ps) is AdaGrad<Double>)
    #expect(OptimizerSpec.rmsProp(decay: 0.9, epsilon: 1e-8).makeOptimizer(for: ps) is RMSProp<Double>)
    let adam = OptimizerSpec.adam(beta1: 0.8, beta2: 0.99, epsilon: 1e-7).makeOptimizer(for: ps) as? Adam<Double>
    #expect(adam?.beta1 == 0.8 && adam?.beta2 == 0.99 && adam?.epsilon == 1e-7)
    #expect(adam?.decoupledWeightDecay == 0)
    let adamW = OptimizerSpec.adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.05)
      .makeOptimizer(for: ps) as? Adam<Double>
    #expect(adamW?.decoupledWeightDecay == 0.05)
  }

  /// The same spec in Float and Double on the same quadratic stays within Float's "half the digits"
  /// (sqrt(Float.ulpOfOne), about 3.5e-4, relative) over 20 steps. Also runs the Float specializations.
  @Test(arguments: specs.map(\.0))
  func floatAgreesWithDouble(spec: OptimizerSpec) {
    let x0: [Double] = [1.0, -0.75, 0.5, 2.0]
    let curvature: [Double] = [1.0, 3.0, 0.5, 2.0]  // f = sum a_i x_i² / 2
    func run<T: Scalar>(_: T.Type) -> [Double] {
      let w = makeParameter(x0.map { T($0) })
      let optimizer = spec.makeOptimizer(for: [w])
      for _ in 0..<20 {
        setGradient(w, zip(curvature, w.value.values).map { T($0) * $1 })
        optimizer.update(learningRate: T(0.01))
      }
      return w.value.values.map { Double($0) }
    }
    let double = run(Double.self), float = run(Float.self)
    let tolerance = Double(Float.ulpOfOne).squareRoot()
    for i in x0.indices {
      #expect(abs(float[i] - double[i]) <= tolerance * max(1, abs(double[i])),
              "[\(i)] Float \(float[i]) vs Double \(double[i])")
    }
  }
}
