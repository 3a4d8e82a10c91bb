import Datasets
import Foundation
import Testing

/// The loader on synthetic, Fashion-MNIST-shaped folders (see `writeFashionMNIST`).
@Suite struct FashionMNISTTests {
  /// Mean and population sd of x/255, by a plain two-pass loop in Double: an oracle independent of the
  /// loader's histogram method.
  static func unitRangeMeanAndSD(_ pixels: [UInt8]) -> (mean: Double, sd: Double) {
    let values = pixels.map { Double($0) / 255 }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    return (mean, variance.squareRoot())
  }

  static func meanAndSD(_ features: [Float]) -> (mean: Double, sd: Double) {
    let mean = features.reduce(0.0) { $0 + Double($1) } / Double(features.count)
    let variance = features.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(features.count)
    return (mean, variance.squareRoot())
  }

  @Test func syntheticFolderLoadsWithShapesAndLabels() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let (train, test) = try FashionMNIST.load(directory: directory.path)
    #expect(train.count == 20 && test.count == 10)
    #expect(train.width == 784 && test.width == 784)
    #expect(train.classes == 10)
    #expect(train.features.count == 20 * 784)
    #expect(train.labels == (0..<20).map { Int32($0 % 10) })
    #expect(test.labels == (0..<10).map { Int32($0) })
  }

  @Test func standardizationUsesTrainingStatisticsOnly() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let (train, test) = try FashionMNIST.load(directory: directory.path, preprocessing: .standardized)

    let trainPixels = syntheticTrainPixels(count: 20 * 784)
    let testPixels = syntheticTestPixels(count: 10 * 784)
    let byHand = Self.unitRangeMeanAndSD(trainPixels)
    let recorded = try #require(train.standardization)
    #expect(abs(Double(recorded.mean) - byHand.mean) < 1e-6)
    #expect(abs(Double(recorded.standardDeviation) - byHand.sd) < 1e-6)
    #expect(test.standardization == recorded)

    let trainMoments = Self.meanAndSD(train.features)
    #expect(abs(trainMoments.mean) < 1e-5)
    #expect(abs(trainMoments.sd - 1) < 1e-5)
    // Test features must use the training μ and σ; the test pixels' own statistics differ, so this fails
    // if the loader standardized each set by itself. Tolerance: a few Float ulps of values up to ~3.
    var worst = 0.0
    for (pixel, feature) in zip(testPixels, test.features) {
      let expected: Double = (Double(pixel) / 255 - byHand.mean) / byHand.sd
      worst = max(worst, abs(Double(feature) - expected))
    }
    #expect(worst < 1e-5)
    let testOwn = Self.unitRangeMeanAndSD(testPixels)
    #expect(abs(testOwn.mean - byHand.mean) > 1e-3, "fixture must give test data different statistics")
  }

  @Test(arguments: [(Preprocessing.unitRange, 1.0 / 255), (.raw255, 1.0)])
  func unscaledModesMapBytesDirectly(preprocessing: Preprocessing, scale: Double) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let (train, test) = try FashionMNIST.load(directory: directory.path, preprocessing: preprocessing)
    #expect(train.standardization == nil && test.standardization == nil)
    let expected = syntheticTestPixels(count: 10 * 784).map { (pixel: UInt8) -> Float in
      Float(Double(pixel) * scale)
    }
    #expect(test.features == expected)
  }

  /// `tanhRaw` is tanh(x / 100) of the raw byte. Hand values (Python's math.tanh): byte 0 → 0,
  /// 1 → 0.0099996667, 100 → tanh(1) = 0.7615941560, 255 → tanh(2.55) = 0.9878803970. Training pixels
  /// (7i + 3) mod 256 cover every byte value; feature i of pixel 0 is where 7i + 3 ≡ 0 (mod 256).
  @Test func tanhRawSquashesRawPixelsWithScale100() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let (train, test) = try FashionMNIST.load(directory: directory.path, preprocessing: .tanhRaw)
    #expect(train.standardization == nil && test.standardization == nil)
    let pixels = syntheticTrainPixels(count: 20 * 784)
    let hand: [UInt8: Double] = [0: 0, 1: 0.00999966667999946, 100: 0.7615941559557649, 255: 0.9878803970168317]
    for (byte, expected) in hand {
      let index = try #require(pixels.firstIndex(of: byte))
      // Float holds these to within half an ulp (< 6e-8 below 1).
      #expect(abs(Double(train.features[index]) - expected) < 1e-7, "byte \(byte)")
    }
    // The same table maps the test set: a larger byte gives a larger feature, all in [0, 1).
    let testPixels = syntheticTestPixels(count: 10 * 784)
    for (pixel, feature) in zip(testPixels, test.features) {
      #expect(feature >= 0 && feature < 1)
      #expect(feature == train.features[pixels.firstIndex(of: pixel)!])
    }
  }

  /// `tanhStandardized` is tanh of the `standardized` feature, with μ and σ fitted on the training set.
  @Test func tanhStandardizedSquashesTheStandardizedFeature() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let (train, test) = try FashionMNIST.load(directory: directory.path, preprocessing: .tanhStandardized)
    let (plainTrain, plainTest) = try FashionMNIST.load(directory: directory.path, preprocessing: .standardized)
    let recorded = try #require(train.standardization)
    #expect(recorded == plainTrain.standardization && test.standardization == recorded)
    // tanh of the Float-rounded z against the table's tanh of the Double z: |tanh'| <= 1, and z (|z| < 3)
    // is rounded by at most 2.4e-7, plus each side's Float rounding: 1e-6 is a safe bound.
    var worst = 0.0
    for (squashed, plain) in zip(train.features + test.features, plainTrain.features + plainTest.features) {
      worst = max(worst, abs(Double(squashed) - tanh(Double(plain))))
    }
    #expect(worst < 1e-6)
    // And it is a real squash: the synthetic pixels are near-uniform over 0...255 (μ ≈ 0.5, σ ≈ 0.29),
    // so the brightest one has z ≈ 1.73 and a squashed feature of tanh(1.73) ≈ 0.94.
    #expect(plainTrain.features.max()! > 1.7 && train.features.max()! < 0.95)
  }

  @Test func missingDirectorySaysHowToInstall() throws {
    let missing = "/nonexistent-\(UUID().uuidString)"
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: missing) })
    #expect(message == "Fashion-MNIST not found: \(missing)/train-images-idx3-ubyte.gz does not exist. "
      + "Install it with `apt-get install dataset-fashion-mnist`, or point TRICKS_DATA at a "
      + "folder holding the four *-ubyte.gz files.")
  }

  @Test func missingFileIsNamed() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    try FileManager.default.removeItem(atPath: directory.file("t10k-labels-idx1-ubyte.gz"))
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: directory.path) })
    #expect(message.hasPrefix("Fashion-MNIST not found: \(directory.path)/t10k-labels-idx1-ubyte.gz does not exist"))
    #expect(message.contains("dataset-fashion-mnist"))
  }

  @Test func labelOutOfRangeNamesFileIndexAndValue() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    var labels = (0..<20).map { UInt8($0 % 10) }
    labels[7] = 10
    labels[12] = 200
    try writeFashionMNIST(in: directory, trainLabels: labels)
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: directory.path) })
    #expect(message == "\(directory.path)/train-labels-idx1-ubyte.gz: label 10 at index 7 is outside 0...9")
  }

  @Test func labelCountMustMatchImageCount() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory, trainLabels: (0..<19).map { UInt8($0 % 10) })
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: directory.path) })
    #expect(message == "\(directory.path)/train-labels-idx1-ubyte.gz: 19 labels for the 20 images in "
      + "\(directory.path)/train-images-idx3-ubyte.gz")
  }

  @Test(arguments: [[27, 28], [28, 27], [784]])
  func imagesMustBe28By28(shape: [Int]) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory, imageShape: shape)
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: directory.path) })
    let found = ([20] + shape).map(String.init).joined(separator: "x")
    #expect(message == "\(directory.path)/train-images-idx3-ubyte.gz: expected shape Nx28x28, found \(found)")
  }

  @Test func labelFilesMustHaveOneDimension() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let path = directory.file("t10k-labels-idx1-ubyte.gz")
    try write(idxHeader(dimensions: [10, 1]) + (0..<10).map { UInt8($0) }, to: path, gzip: true)
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: directory.path) })
    #expect(message == "\(path): expected shape N, found 10x1")
  }

  @Test func readerErrorsPassThroughTheLoader() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    try writeFashionMNIST(in: directory)
    let path = directory.file("t10k-images-idx3-ubyte.gz")
    try write(idxHeader(dimensions: [10, 28, 28]) + indexPattern(count: 1234), to: path, gzip: true)
    let message = try #require(errorMessage { _ = try FashionMNIST.load(directory: directory.path) })
    #expect(message == "\(path): truncated: header says 10x28x28 = 7840 bytes, found 1234")
  }
}

/// `directory(override:)` reads the process environment, so this suite runs its tests one at a time and
/// restores `TRICKS_DATA` afterwards. No other test reads the variable.
@Suite(.serialized) struct DataDirectoryTests {
  func withEnvironment(_ value: String?, _ body: () throws -> Void) rethrows {
    let saved = getenv("TRICKS_DATA").map { String(cString: $0) }
    if let value { setenv("TRICKS_DATA", value, 1) } else { unsetenv("TRICKS_DATA") }
    defer { if let saved { setenv("TRICKS_DATA", saved, 1) } else { unsetenv("TRICKS_DATA") } }
    try body()
  }

  @Test func explicitOverrideWinsOverEnvironment() {
    withEnvironment("/from/environment") {
      #expect(FashionMNIST.directory(override: "/from/flag") == "/from/flag")
    }
  }

  @Test func environmentWinsOverDefault() {
    withEnvironment("/from/environment") {
      #expect(FashionMNIST.directory(override: nil) == "/from/environment")
    }
  }

  @Test(arguments: [nil, ""] as [String?])
  func defaultWhenEnvironmentUnsetOrEmpty(value: String?) {
    withEnvironment(value) {
      #expect(FashionMNIST.directory(override: nil) == "/usr/share/datasets/fashion-mnist")
    }
  }
}
