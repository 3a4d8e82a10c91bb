import Foundation
import Statistics

/// Writes a tiny Fashion-MNIST look-alike (28x28 ubyte images, labels cycling 0..9) into `directory`
/// under the real file names, as *uncompressed* IDX files: the reader accepts plain files as well as
/// gzip, so tests need no compressor. Pixels come from a named stream, so the data is reproducible.
public func writeSyntheticFashionMNIST(to directory: String, trainCount: Int = 200, testCount: Int = 100) throws {
  try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
  func bigEndian(_ value: Int) -> [UInt8] { withUnsafeBytes(of: UInt32(value).bigEndian) { Array($0) } }
  func write(_ name: String, dimensions: [Int], body: [UInt8]) throws {
    let header: [UInt8] = [0, 0, 0x08, UInt8(dimensions.count)] + dimensions.flatMap(bigEndian)
    try Data(header + body).write(to: URL(fileURLWithPath: directory + "/" + name))
  }
  for (prefix, count) in [("train", trainCount), ("t10k", testCount)] {
    let stream = RandomStream("synthetic-fashion-mnist", prefix)
    let labels = (0..<count).map { UInt8($0 % 10) }
    // Each class brightens its own band of rows, so a small net can learn something.
    var pixels = [UInt8](repeating: 0, count: count * 784)
    for example in 0..<count {
      for i in 0..<784 {
        let band = (i / 28) / 3 == Int(labels[example]) ? 120.0 : 0.0
        pixels[example * 784 + i] = UInt8(min(255, band + 100 * stream.uniform()))
      }
    }
    try write("\(prefix)-images-idx3-ubyte.gz", dimensions: [count, 28, 28], body: pixels)
    try write("\(prefix)-labels-idx1-ubyte.gz", dimensions: [count], body: labels)
  }
}

/// A fresh empty temporary directory whose path names the test.
public func makeTemporaryDirectory(_ name: String) throws -> String {
  let path = NSTemporaryDirectory() + "tricks-test-\(name)-\(UUID().uuidString)"
  try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  return path
}
