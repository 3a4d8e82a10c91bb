import Testing
@testable import TrainingCore

@Suite struct GradientTransformsTests {
  @Test func l2WeightDecayAddsLambdaWOnlyToDecayingParameters() {
    let weight = makeParameter([1.0, -2.0], decays: true, name: "weight")
    let bias = makeParameter([1.0, -2.0], decays: false, name: "bias")
    setGradient(weight, [0.5, 0.5])
    setGradient(bias, [0.5, 0.5])
    addL2WeightDecay([weight, bias], lambda: 0.1)
    let check = closeness(weight.gradient.values, [0.5 + 0.1 * 1.0, 0.5 + 0.1 * -2.0], tolerance: 1e-16)
    #expect(check.ok, "\(check.report)")
    #expect(bias.gradient.values == [0.5, 0.5])
  }

  /// Gradients (3, 4) and (12) have global norm 13; clipping to 6.5 halves every one of them.
  @Test func clipGradientNormScalesToExactlyMaxNorm() {
    let a = makeParameter([0.0, 0.0], decays: true), b = makeParameter([0.0], decays: false)
    setGradient(a, [3.0, 4.0])
    setGradient(b, [12.0])
    let normBefore = clipGradientNorm([a, b], maxNorm: 6.5)
    #expect(normBefore == 13)
    #expect(a.gradient.values == [1.5, 2.0])
    #expect(b.gradient.values == [6.0])
  }

  @Test func clipGradientNormLeavesSmallGradientsAlone() {
    let a = makeParameter([0.0, 0.0]), b = makeParameter([0.0])
    setGradient(a, [3.0, 4.0])
    setGradient(b, [12.0])
    #expect(clipGradientNorm([a, b], maxNorm: 13) == 13)  // equal to the bound: not clipped
    #expect(clipGradientNorm([a, b], maxNorm: 20) == 13)
    #expect(a.gradient.values == [3.0, 4.0])
    #expect(b.gradient.values == [12.0])
  }

  @Test func clipGradientNormLeavesNonFiniteGradientsForTheLoopToSee() {
    let a = makeParameter([0.0, 0.0])
    setGradient(a, [.nan, 1.0])
    #expect(clipGradientNorm([a], maxNorm: 1).isNaN)
    #expect(a.gradient[0, 0].isNaN && a.gradient[0, 1] == 1)
  }
}
