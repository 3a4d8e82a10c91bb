import Datasets
import Foundation
import Testing

@Suite struct IDXFileTests {
  static let shapes: [[Int]] = [[7], [3, 5], [2, 3, 4], [2, 2, 3, 3], [300, 17, 17]]

  @Test(arguments: [false, true], shapes)
  func readerReturnsExactlyTheWrittenBytesAndDimensions(gzip: Bool, shape: [Int]) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file(gzip ? "data.gz" : "data")
    let data = indexPattern(count: shape.reduce(1, *))
    try write(idxHeader(dimensions: shape) + data, to: path, gzip: gzip)

    let file = try IDXFile(contentsOf: path)
    #expect(file.dimensions == shape)
    #expect(file.bytes == data)
  }

  @Test func dimensionsAreReadBigEndian() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("wide")
    // 0x0000012C = 300 and 0x00000002 = 2, written out by hand rather than by the fixture's encoder.
    try write([0, 0, 0x08, 2, 0, 0, 0x01, 0x2C, 0, 0, 0, 2] + indexPattern(count: 600), to: path, gzip: false)
    #expect(try IDXFile(contentsOf: path).dimensions == [300, 2])
  }

  @Test func missingFileNamesThePath() throws {
    let path = "/nonexistent-\(UUID().uuidString)/images.gz"
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): no such file")
  }

  @Test(arguments: [false, true])
  func wrongMagicIsRejected(gzip: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("bad-magic")
    try write([0x01, 0x00, 0x08, 0x01, 0, 0, 0, 2, 5, 6], to: path, gzip: gzip)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message.hasPrefix("\(path): not an IDX file"))
    #expect(message.contains("starts with 01 00 08 01, expected 00 00 08 <rank>"))
    #expect(message.contains(gzip ? "decompressed" : "not gzip"))
  }

  @Test func nonGzipGarbageIsRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("notes.txt")
    try write(Array("hello, this is not a dataset\n".utf8), to: path, gzip: false)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): not an IDX file: it is not gzip and starts with 68 65 6c 6c, expected 00 00 08 <rank>")
  }

  @Test func unsupportedElementTypeIsNamed() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("floats.gz")
    try write(idxHeader(typeCode: 0x0D, dimensions: [2]) + [0, 0, 0, 0, 0, 0, 0, 0], to: path, gzip: true)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): unsupported IDX element type 0d (float32); only 08 (unsigned byte) is supported")
  }

  @Test(arguments: [0, 5])
  func dimensionCountOutside1To4IsRejected(rank: Int) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("rank")
    try write([0, 0, 0x08, UInt8(rank)] + [UInt8](repeating: 1, count: 4 * rank + 1), to: path, gzip: false)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): IDX header says \(rank) dimensions; expected 1 to 4")
  }

  @Test(arguments: [false, true])
  func truncatedDataSaysHowMuchWasExpectedAndFound(gzip: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("short")
    try write(idxHeader(dimensions: [10, 10]) + indexPattern(count: 57), to: path, gzip: gzip)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): truncated: header says 10x10 = 100 bytes, found 57")
  }

  @Test func truncatedHeaderIsRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("header")
    try write([0, 0, 0x08, 3, 0, 0, 0, 20, 0, 0], to: path, gzip: true)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): truncated header: expected 16 bytes, found 10")
  }

  @Test func emptyFileIsATruncatedHeader() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("empty")
    try write([], to: path, gzip: false)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): truncated header: expected 4 bytes, found 0")
  }

  @Test func absurdHeaderIsRejectedWithoutAllocatingItsSize() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("huge.gz")
    // 4e9 x 4e9 x 4e9 bytes cannot fit in a 40-byte gzip file (or in Int); the reader must count, not allocate.
    let dimensions = [4_000_000_000, 4_000_000_000, 4_000_000_000]
    try write(idxHeader(dimensions: dimensions) + [1, 2, 3], to: path, gzip: true)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message.hasPrefix("\(path): truncated: header says 4000000000x4000000000x4000000000 = more than"))
    #expect(message.hasSuffix("bytes, found 3"))
  }

  @Test(arguments: [false, true])
  func trailingBytesAreRejected(gzip: Bool) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("long")
    try write(idxHeader(dimensions: [10, 10]) + indexPattern(count: 103), to: path, gzip: gzip)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message == "\(path): 3 unexpected bytes after the 10x10 = 100 data bytes")
  }

  @Test func corruptGzipIsRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("corrupt.gz")
    // A valid gzip header (magic, deflate, no flags, mtime, xfl, os) followed by bytes that are not deflate.
    try write([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0x03] + [UInt8](repeating: 0xff, count: 64),
              to: path, gzip: false)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: path) })
    #expect(message.hasPrefix("\(path): corrupt gzip data: "))
  }

  @Test func gzipFileCutShortIsRejected() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let whole = directory.file("whole.gz")
    let cut = directory.file("cut.gz")
    // Pseudo-random bytes barely compress, so half the gzip file really is half the stream.
    var state: UInt32 = 12345
    let noise = (0..<20_000).map { _ -> UInt8 in
      state = state &* 1_664_525 &+ 1_013_904_223
      return UInt8(state >> 24)
    }
    try write(idxHeader(dimensions: [20_000]) + noise, to: whole, gzip: true)
    let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: whole)))
    try write(Array(compressed.prefix(compressed.count / 2)), to: cut, gzip: false)
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: cut) })
    #expect(message.hasPrefix("\(cut): corrupt gzip data: "))
    #expect(message.contains("cut short"))
  }

  @Test func directoryIsNotARegularFile() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let message = try #require(errorMessage { _ = try IDXFile(contentsOf: directory.path) })
    #expect(message == "\(directory.path): not a regular file")
  }
}
