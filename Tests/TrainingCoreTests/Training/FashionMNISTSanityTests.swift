import Datasets
import Foundation
import Testing
import TrainingCore

/// A seeded short run on real Fashion-MNIST beats a stated accuracy (tinygrad's `test_mnist` shape, local
/// data only). Skipped, with the reason, when the Debian package is not installed.
@Suite struct FashionMNISTSanityTests {
  static let available = FileManager.default.fileExists(
    atPath: FashionMNIST.defaultDirectory + "/" + FashionMNIST.trainImagesFile)

  /// 784-128-10 ReLU, He init, momentum 0.9 at 0.05, 5,000 training examples, 2 epochs. Such a net reaches
  /// about 80% test accuracy; 75% leaves room for seed-to-seed spread and still fails when training is
  /// broken (a net that does not learn stays near 10%). The training loss must also have fallen far below
  /// its starting value of about ln 10 = 2.3.
  @Test(.enabled(if: available, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)"))
  func shortRunBeatsSeventyFivePercent() throws {
    let (train, test) = try FashionMNIST.load(directory: FashionMNIST.defaultDirectory)
    let configuration = RunConfiguration(
      network: NetworkSpec(hidden: [128], activation: .relu, initializer: .heNormal),
      optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)),
      batchSize: 64, epochs: 2, trainSubset: 5000)
    let result = try Trainer(configuration: configuration, train: train, test: test,
                             streams: RunStreams(experiment: "tests", arm: "sanity", seed: 0)).run()
    let last = try #require(result.epochs.last)
    #expect(result.status == .ok)
    #expect(last.testAccuracy > 0.75, "test accuracy \(last.testAccuracy)")
    #expect(last.trainLoss < 0.8, "train loss \(last.trainLoss)")
  }
}
