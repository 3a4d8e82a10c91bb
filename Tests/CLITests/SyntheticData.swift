import CZlib
import Foundation

/// A Fashion-MNIST-shaped data folder written byte by byte, so the CLI tests are hermetic and cheap:
/// the four gzipped IDX files with the real names, `train` and `test` 28x28 images, label `i mod 10`.
///
/// Each image is noise in 0...63 plus a bright band of rows 3c...3c+2 for its class c, so a network can
/// learn it and arms differ. The noise comes from a fixed linear congruential generator: the same bytes
/// on every call. The IDX bytes are spelled out from the format (00 00 08 rank, big-endian UInt32
/// dimensions), independently of the reader under test.
///
/// A `Defect` writes a folder that is wrong in exactly one way, for the bad-input tests.
enum SyntheticData {
  enum Defect: String, CaseIterable, Sendable {
    case missingFile = "missing-file"
    case truncatedGzip = "truncated-gzip"
    case truncatedContent = "truncated-content"
    case badMagic = "bad-magic"
    case wrongShape = "wrong-shape"
    case labelOutOfRange = "label-out-of-range"
    case countMismatch = "count-mismatch"
  }

  static let trainImages = "train-images-idx3-ubyte.gz"
  static let trainLabels = "train-labels-idx1-ubyte.gz"
  static let testImages = "t10k-images-idx3-ubyte.gz"
  static let testLabels = "t10k-labels-idx1-ubyte.gz"

  static func write(to directory: String, train: Int = 1000, test: Int = 200, defect: Defect? = nil) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let side = defect == .wrongShape ? 27 : 28
    var trainImageBytes = header([train, side, side]) + pixels(count: train, side: side, seed: 1)
    var trainLabelBytes = header([train]) + labels(count: train)
    let testImageBytes = header([test, 28, 28]) + pixels(count: test, side: 28, seed: 2)
    var testLabelBytes = header([test]) + labels(count: test)
    switch defect {
    case .truncatedContent: trainImageBytes.removeLast(10 * 28 * 28)
    case .badMagic: trainLabelBytes.replaceSubrange(0..<2, with: [0x1f, 0x8c])
    case .labelOutOfRange: trainLabelBytes[8 + 7] = 10
    case .countMismatch: testLabelBytes = header([test - 1]) + labels(count: test - 1)
    default: break
    }
    try gzip(trainImageBytes, to: directory + "/" + trainImages)
    try gzip(trainLabelBytes, to: directory + "/" + trainLabels)
    try gzip(testImageBytes, to: directory + "/" + testImages)
    if defect != .missingFile { try gzip(testLabelBytes, to: directory + "/" + testLabels) }
    if defect == .truncatedGzip {
      // The first half of a valid gzip stream: zlib reports an unexpected end of file.
      let path = directory + "/" + trainImages
      let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
    }
  }

  static func header(_ dimensions: [Int]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)]
    for d in dimensions { bytes += [UInt8(d >> 24 & 255), UInt8(d >> 16 & 255), UInt8(d >> 8 & 255), UInt8(d & 255)] }
    return bytes
  }

  static func labels(count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 10) } }

  static func pixels(count: Int, side: Int, seed: UInt64) -> [UInt8] {
    var state = seed
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count * side * side)
    for image in 0..<count {
      let band = 3 * (image % 10)
      for row in 0..<side {
        for _ in 0..<side {
          // Knuth's MMIX LCG; the top bits are the well-mixed ones.
          state = state &* 6364136223846793005 &+ 1442695040888963407
          let noise = UInt8(state >> 58)  // 0...63
          bytes.append((band...(band + 2)).contains(row) ? noise + 160 : noise)
        }
      }
    }
    return bytes
  }

  static func gzip(_ bytes: [UInt8], to path: String) throws {
    guard let file = gzopen(path, "wb") else { throw SetupError("gzopen failed for \(path)") }
    let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
    guard gzclose(file) == Z_OK, written == Int32(bytes.count) else { throw SetupError("gzwrite failed for \(path)") }
  }
}

struct SetupError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
