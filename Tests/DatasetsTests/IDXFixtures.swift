import CZlib
import Foundation

/// Test fixtures: IDX files written byte by byte, plain or gzipped, into a fresh temporary directory.
///
/// These writers are deliberately independent of the reader under test: the header is spelled out from
/// the format description (two zero bytes, type code, rank, big-endian UInt32 dimensions), not derived
/// from `IDXFile`.

/// A directory of its own for one test, under the system temporary folder.
struct TemporaryDirectory {
  let path: String

  init() throws {
    path = FileManager.default.temporaryDirectory
      .appendingPathComponent("datasets-tests-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  func file(_ name: String) -> String { path + "/" + name }

  func remove() { try? FileManager.default.removeItem(atPath: path) }
}

struct FixtureError: Error, CustomStringConvertible {
  let description: String
}

/// The IDX header for `dimensions`, element type `typeCode` (0x08 = unsigned byte).
func idxHeader(typeCode: UInt8 = 0x08, dimensions: [Int]) -> [UInt8] {
  var header: [UInt8] = [0, 0, typeCode, UInt8(dimensions.count)]
  for dimension in dimensions {
    let size = UInt32(dimension)
    header += [UInt8(size >> 24), UInt8(size >> 16 & 0xff), UInt8(size >> 8 & 0xff), UInt8(size & 0xff)]
  }
  return header
}

/// `count` bytes where each encodes its own index: 0, 1, …, 250, 0, 1, … (251 is prime, so the pattern
/// does not line up with row widths such as 28 or 256 and a misplaced byte shows).
func indexPattern(count: Int) -> [UInt8] {
  (0..<count).map { UInt8($0 % 251) }
}

/// Writes `bytes` to `path`, through zlib's gzip writer when `gzip` is true.
func write(_ bytes: [UInt8], to path: String, gzip: Bool) throws {
  guard gzip else {
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
      throw FixtureError(description: "cannot write \(path)")
    }
    return
  }
  guard let file = gzopen(path, "wb") else { throw FixtureError(description: "gzopen failed for \(path)") }
  let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
  let closed = gzclose(file)
  guard written == Int32(bytes.count), closed == Z_OK else {
    throw FixtureError(description: "gzwrite failed for \(path)")
  }
}

func syntheticTrainPixels(count: Int) -> [UInt8] {
  (0..<count).map { (index: Int) -> UInt8 in UInt8((7 * index + 3) % 256) }
}

func syntheticTestPixels(count: Int) -> [UInt8] {
  (0..<count).map { (index: Int) -> UInt8 in UInt8((13 * index) % 128) }
}

/// Writes a Fashion-MNIST-shaped folder: the four gzipped files with the real names.
///
/// Training pixels are `(7i + 3) mod 256`, test pixels `(13i) mod 128` (different, so a test that used
/// the test set's own statistics would be caught); labels cycle 0...9 unless given.
func writeFashionMNIST(
  in directory: TemporaryDirectory, trainCount: Int = 20, testCount: Int = 10,
  imageShape: [Int] = [28, 28], trainLabels: [UInt8]? = nil
) throws {
  let side = imageShape.reduce(1, *)
  let trainPixels = syntheticTrainPixels(count: trainCount * side)
  let testPixels = syntheticTestPixels(count: testCount * side)
  let labels = trainLabels ?? (0..<trainCount).map { UInt8($0 % 10) }
  try write(idxHeader(dimensions: [trainCount] + imageShape) + trainPixels,
            to: directory.file("train-images-idx3-ubyte.gz"), gzip: true)
  try write(idxHeader(dimensions: [labels.count]) + labels,
            to: directory.file("train-labels-idx1-ubyte.gz"), gzip: true)
  try write(idxHeader(dimensions: [testCount] + imageShape) + testPixels,
            to: directory.file("t10k-images-idx3-ubyte.gz"), gzip: true)
  try write(idxHeader(dimensions: [testCount]) + (0..<testCount).map { UInt8($0 % 10) },
            to: directory.file("t10k-labels-idx1-ubyte.gz"), gzip: true)
}

/// The message a thrown error prints, or nil if `body` did not throw.
func errorMessage(_ body: () throws -> Void) -> String? {
  do {
    try body()
    return nil
  } catch {
    return String(describing: error)
  }
}
