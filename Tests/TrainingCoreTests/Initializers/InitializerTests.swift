import Statistics
import Testing
import TrainingCore
import _TestSupport

/// Each initializer's sample variance matches its formula, for a (fanOut, fanIn) = (200, 300) matrix.
@Suite struct InitializerTests {
  static let fanIn = 300, fanOut = 200

  /// (spec, expected variance). The truncated normal at ±2σ keeps 1 − 2·(2φ(2))/(2Φ(2)−1) ≈ 0.7737 of σ².
  static let cases: [(InitializerSpec, Double)] = [
    (.normal(standardDeviation: 0.01), 0.0001),
    (.uniform(limit: 0.5), 0.25 / 3),
    (.glorotUniform, 2.0 / Double(fanIn + fanOut)),
    (.glorotNormal, 2.0 / Double(fanIn + fanOut)),
    (.heUniform, 2.0 / Double(fanIn)),
    (.heNormal, 2.0 / Double(fanIn)),
    (.lecunNormal, 1.0 / Double(fanIn)),
    (.truncatedNormal(standardDeviation: 1), 0.773741),
  ]

  @Test(arguments: cases)
  func sampleVarianceMatchesFormula(_ spec: InitializerSpec, _ expected: Double) {
    let weights = Matrix<Double>(rows: Self.fanOut, columns: Self.fanIn)
    spec.initializer.initialize(weights, fanIn: Self.fanIn, fanOut: Self.fanOut,
                                using: RandomStream("tests", "init", "\(spec)"))
    let values = weights.values
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
    // 60,000 draws: the sample variance's relative standard error is about √(2/n) ≈ 0.6% for a normal
    // (less for a uniform); 3% is five standard errors.
    #expect(abs(variance / expected - 1) < 0.03, "\(spec): variance \(variance), expected \(expected)")
    #expect(abs(mean) < 4 * (expected / Double(values.count)).squareRoot(), "\(spec): mean \(mean)")
  }

  @Test func constantAndZeros() {
    let weights = Matrix<Float>(rows: 3, columns: 4)
    InitializerSpec.constant(0.5).initializer.initialize(weights, fanIn: 4, fanOut: 3, using: RandomStream("x"))
    #expect(weights.values.allSatisfy { $0 == 0.5 })
    InitializerSpec.zeros.initializer.initialize(weights, fanIn: 4, fanOut: 3, using: RandomStream("x"))
    #expect(weights.values.allSatisfy { $0 == 0 })
  }

  @Test func truncatedNormalStaysWithinTwoStandardDeviations() {
    let weights = Matrix<Double>(rows: 100, columns: 100)
    TruncatedNormal(standardDeviation: 0.1).initialize(weights, fanIn: 100, fanOut: 100, using: RandomStream("t"))
    #expect(weights.values.allSatisfy { abs($0) <= 0.2 })
  }

  @Test func sameStreamNameSameWeights() {
    let a = Matrix<Float>(rows: 5, columns: 5), b = Matrix<Float>(rows: 5, columns: 5)
    let c = Matrix<Float>(rows: 5, columns: 5)
    HeNormal().initialize(a, fanIn: 5, fanOut: 5, using: RandomStream("exp", "arm", "seed-1", "init"))
    HeNormal().initialize(b, fanIn: 5, fanOut: 5, using: RandomStream("exp", "arm", "seed-1", "init"))
    HeNormal().initialize(c, fanIn: 5, fanOut: 5, using: RandomStream("exp", "arm", "seed-2", "init"))
    #expect(a.values == b.values)
    #expect(a.values != c.values)
  }

  @Test func namesGiveTheirInitializers() throws {
    #expect(try InitializerSpec(name: "he-normal") == .heNormal)
    #expect(try InitializerSpec(name: "msra") == .heNormal)
    #expect(try InitializerSpec(name: "normal", argument: 0.01) == .normal(standardDeviation: 0.01))
    #expect(try InitializerSpec(name: "zeros") == .zeros)
    #expect(try InitializerSpec(name: "bogus") == nil)
    let bad: [(String, Double?)] = [("normal", nil), ("normal", -1), ("normal", .nan), ("zeros", 1), ("he-normal", 2)]
    for (name, argument) in bad {
      #expect(throws: ConfigurationError.self, "\(name) \(String(describing: argument))") {
        try InitializerSpec(name: name, argument: argument)
      }
    }
  }
}
