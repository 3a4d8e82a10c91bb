import Testing
@testable import TrainingCore

@Suite struct FixedTests {
  @Test(arguments: [0, 1, 999, 1_000_000])
  func fixedIsConstant(step: Int) {
    expectRate(Fixed(base: 0.01), at: step, is: 0.01)
  }
}
