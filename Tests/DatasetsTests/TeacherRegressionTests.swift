import Datasets
import Statistics
import Testing

/// The synthetic regression of `robust-loss`: seeded, with exactly the stated share of gross outliers in
/// the training targets only, nested across fractions, and the same clean data for every arm of a seed.
@Suite struct TeacherRegressionTests {
  struct Data {
    let trainInputs: [Float], trainTargets: [Float], testInputs: [Float], testTargets: [Float]
  }

  func makeData(seed: Int, trainCount: Int, fraction: Double) -> Data {
    let (train, test) = TeacherRegression().make(trainCount: trainCount, testCount: 2_000, outlierFraction: fraction) {
      RandomStream("robust-loss", "seed-\(seed)", $0)
    }
    return Data(trainInputs: train.features, trainTargets: train.targets, testInputs: test.features,
                testTargets: test.targets)
  }

  @Test func outliersAreTheStatedShareNestedAndOnlyInTraining() {
    let clean = makeData(seed: 3, trainCount: 400, fraction: 0)
    let tenth = makeData(seed: 3, trainCount: 400, fraction: 0.1)
    let fifth = makeData(seed: 3, trainCount: 400, fraction: 0.2)
    // Inputs and test targets do not depend on the fraction: every arm of a seed sees the same data.
    #expect(tenth.trainInputs == clean.trainInputs && fifth.testInputs == clean.testInputs)
    #expect(tenth.testTargets == clean.testTargets && fifth.testTargets == clean.testTargets)
    // An outlier moves its target by 10-30; Gaussian noise of 0.3 never comes close to 5.
    func moved(_ data: Data) -> Set<Int> {
      Set((0..<400).filter { abs(data.trainTargets[$0] - clean.trainTargets[$0]) > 5 })
    }
    #expect(moved(tenth).count == 40 && moved(fifth).count == 80)
    #expect(moved(tenth).isSubset(of: moved(fifth)))
    for index in moved(fifth) {
      let offset = abs(Double(fifth.trainTargets[index] - clean.trainTargets[index]))
      #expect(offset >= 10 - 1e-4 && offset <= 30 + 1e-4, "offset \(offset)")
    }
    let signs = moved(fifth).map { fifth.trainTargets[$0] > clean.trainTargets[$0] }
    #expect(signs.contains(true) && signs.contains(false), "outliers go both ways")
  }

  @Test func theTeacherIsStandardizedAndTheNoiseHasTheStatedSize() {
    let data = makeData(seed: 0, trainCount: 1_000, fraction: 0)
    // Test targets are the noise-free teacher, standardized with the training inputs' moments, so on
    // 2,000 fresh inputs their mean is near 0 and their standard deviation near 1.
    let test = Summary(data.testTargets.map(Double.init))
    #expect(abs(test.mean) < 0.15 && abs(test.standardDeviation - 1) < 0.15, "mean \(test.mean), sd \(test.standardDeviation)")
    let train = Summary(data.trainTargets.map(Double.init))
    // Training targets = teacher (variance 1 by construction) + noise (variance 0.09).
    #expect(abs(train.standardDeviation - (1.09).squareRoot()) < 0.05, "sd \(train.standardDeviation)")
    #expect(makeData(seed: 0, trainCount: 1_000, fraction: 0).trainTargets == data.trainTargets)
    #expect(makeData(seed: 1, trainCount: 1_000, fraction: 0).trainTargets != data.trainTargets)
  }
}
