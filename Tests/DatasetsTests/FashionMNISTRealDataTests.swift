import Datasets
import Foundation
import Testing

/// The installed Fashion-MNIST (Debian package `dataset-fashion-mnist`), skipped when it is absent.
@Suite(.enabled(
  if: FileManager.default.fileExists(
    atPath: FashionMNIST.defaultDirectory + "/" + FashionMNIST.trainImagesFile),
  "Fashion-MNIST is not installed at /usr/share/datasets/fashion-mnist: apt-get install dataset-fashion-mnist"))
struct FashionMNISTRealDataTests {
  @Test func realDataHasTheDocumentedShapeBalanceAndStatistics() throws {
    let (train, test) = try FashionMNIST.load(directory: FashionMNIST.defaultDirectory)
    #expect(train.count == 60_000 && test.count == 10_000)
    #expect(train.width == 784 && train.classes == 10)
    #expect(train.classCounts() == [Int](repeating: 6_000, count: 10))
    #expect(test.classCounts() == [Int](repeating: 1_000, count: 10))

    // The folklore constants quoted for Fashion-MNIST: mean 0.2860, sd 0.3530 of x/255 over the training set.
    let recorded = try #require(train.standardization)
    #expect(abs(recorded.mean - 0.2860) < 0.001)
    #expect(abs(recorded.standardDeviation - 0.3530) < 0.001)
    #expect(test.standardization == recorded)

    var sum = 0.0
    var squares = 0.0
    for feature in train.features { sum += Double(feature) }
    let mean = sum / Double(train.features.count)
    for feature in train.features { squares += (Double(feature) - mean) * (Double(feature) - mean) }
    let sd = (squares / Double(train.features.count)).squareRoot()
    #expect(abs(mean) < 1e-4)
    #expect(abs(sd - 1) < 1e-4)
  }
}
