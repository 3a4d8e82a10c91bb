import Testing
@testable import Report

@Suite struct AxisAndWriterTests {
  @Test(arguments: [(0.0, "0.00"), (12.3, "12.30"), (-0.5, "-0.50"), (-0.001, "0.00"), (1.005, "1.00"),
                    (123456.789, "123456.79"), (-7.25, "-7.25")])
  func coordinatesHaveExactlyTwoDecimals(value: Double, expected: String) {
    // 1.005 is 1.00499999999999989... in binary, so it rounds down; -0.001 must not print as "-0.00".
    #expect(SVGWriter.number(value) == expected)
  }

  @Test func escapesTheFiveXMLCharacters() {
    #expect(SVGWriter.escape("<a href='x'>&\"</a>") == "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&lt;/a&gt;")
  }

  @Test(arguments: [(0.07, 0.1), (0.2, 0.2), (0.31, 0.5), (3.0, 5.0), (0.0012, 0.002), (60.0, 100.0)])
  func niceStepsAreOneTwoOrFiveTimesAPowerOfTen(rough: Double, expected: Double) {
    #expect(abs(Axis.niceStep(rough) - expected) < 1e-12)
  }

  @Test func linearAxisOnUnitIntervalHasTicksEveryFifth() {
    let axis = Axis(values: [0.03, 0.97], scale: .linear)
    #expect(axis.low == 0 && axis.high == 1)
    #expect(axis.ticks.map(\.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
  }

  /// A diverging run's loss can be finite but astronomically large; labels switch to a power of ten
  /// instead of overflowing an integer (this crashed `tricks report` on dropout-rates once).
  @Test func hugeValuesGetPowerOfTenLabels() {
    #expect(Axis.fixed(3.2e30, decimals: 2) == "3.20e30")
    #expect(Axis.fixed(-5e20, decimals: 0) == "-5.00e20")
    let axis = Axis(values: [0.1, 2.5e29], scale: .linear)
    #expect(axis.high >= 2.5e29 && axis.ticks.allSatisfy { $0.label.contains("e") || $0.label == "0" })
  }

  @Test func axisCoversEveryFiniteValueAndIgnoresTheRest() {
    let axis = Axis(values: [-0.31, 2.2, .nan, .infinity], scale: .linear)
    #expect(axis.low <= -0.31 && axis.high >= 2.2 && axis.high < 10)
  }

  @Test func flatDataStillGetsARange() {
    let axis = Axis(values: [0.1, 0.1], scale: .linear)
    #expect(axis.low < 0.1 && axis.high > 0.1)
  }

  @Test func logAxisLabelsBothEndsWithPowersOfTen() {
    let axis = Axis(values: [2e-19, 0.5], scale: .logarithmic)
    #expect(axis.low <= 2e-19 && axis.high >= 0.5)
    #expect(axis.ticks.first?.value == axis.low && axis.ticks.last?.value == axis.high)
    #expect(axis.ticks.last?.label == "1")
    #expect(axis.ticks.count <= 7)
  }

  @Test func explicitTicksKeepTheirValuesAsLabels() {
    let axis = Axis(values: [0.8], scale: .linear, explicitTicks: [0, 0.25, 0.5])
    #expect(axis.ticks.map(\.label) == ["0", "0.25", "0.5"])
    #expect(axis.low <= 0 && axis.high >= 0.8)
  }

  @Test func automaticScaleIsLogOnlyForThreeDecadesOfPositiveValues() {
    #expect(AxisScale.automatic.resolved(for: [0.1, 0.9]) == .linear)
    #expect(AxisScale.automatic.resolved(for: [1e-5, 0.9]) == .logarithmic)
    #expect(AxisScale.automatic.resolved(for: [0, 1e-5, 0.9]) == .logarithmic)
    #expect(AxisScale.automatic.resolved(for: [-1, 1e-5, 0.9]) == .linear)
    #expect(AxisScale.automatic.resolved(for: [0, 0]) == .linear)
  }
}
