import Datasets
import Testing

@Suite struct StandardizationTests {
  /// Hand examples: {0, 255} → x/255 = {0, 1}, mean 1/2, sd 1/2;
  /// {0, 0, 0, 255} → {0, 0, 0, 1}, mean 1/4, population sd √(1/4 · 3/4) = 0.4330127.
  @Test(arguments: [([0, 255], 0.5, 0.5), ([0, 0, 0, 255], 0.25, 0.4330127)] as [([UInt8], Double, Double)])
  func fittedMeanAndDeviationMatchHandExamples(pixels: [UInt8], mean: Double, sd: Double) {
    let fitted = Standardization(fittingPixels: pixels)
    #expect(abs(Double(fitted.mean) - mean) < 1e-7)
    #expect(abs(Double(fitted.standardDeviation) - sd) < 1e-7)
  }
}
