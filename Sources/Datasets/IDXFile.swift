import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An unsigned-byte IDX file (the format of LeCun's MNIST distribution), gzipped or plain, read whole.
///
/// Layout, all integers big-endian:
/// ```
/// offset 0      00 00            two zero bytes
/// offset 2      type code        08 = unsigned byte, the only type read here
/// offset 3      rank             number of dimensions, 1...4 here
/// offset 4      UInt32 × rank    the dimensions, slowest-varying first
/// offset 4+4·rank                product(dimensions) bytes, row-major
/// ```
/// Gzip is recognised by its magic bytes `1f 8b`: zlib's `gz*` functions check them and copy any other file
/// through unchanged, so `x.gz` and the decompressed `x` read the same.
///
/// The reader is strict on purpose: a file with fewer *or more* data bytes than its header promises is
/// rejected rather than cut or padded, because either means the file is not what we think it is.
/// It is not a general IDX library: no signed, integer or floating-point element types (no dataset we
/// use stores them), and no streaming (Fashion-MNIST's largest file is 47 MB decompressed).
public struct IDXFile: Sendable {
  /// The dimensions from the header, slowest-varying first: `[60000, 28, 28]` for training images.
  public let dimensions: [Int]
  /// The data, row-major; `bytes.count` is the product of `dimensions`.
  public let bytes: [UInt8]

  /// Reads and validates the file at `path`.
  ///
  /// - Parameters:
  ///   - path: an IDX file, optionally gzip-compressed.
  /// - Throws: `DatasetError`, naming `path`, if the file is missing, unreadable, corrupt gzip, not an IDX
  ///   file, not unsigned bytes, has 0 or more than 4 dimensions, or holds fewer or more data bytes than
  ///   the dimensions say.
  public init(contentsOf path: String) throws {
    let fileSize = try regularFileSize(path)
    let reader = try GzipReader(path: path)
    defer { reader.close() }

    dimensions = try Self.readHeader(reader)
    let found = Self.elementCount(dimensions)
    // A header can promise more bytes than the file could possibly hold; check before allocating them.
    let ratio = reader.isGzip ? GzipReader.maximumRatio : 1
    let (maximumContent, overflow) = fileSize.multipliedReportingOverflow(by: ratio)
    guard let expected = found, overflow || expected <= maximumContent else {
      throw DatasetError.truncated(path: path, dimensions: dimensions, found: try reader.countRemaining())
    }

    bytes = try [UInt8](unsafeUninitializedCapacity: expected) { buffer, initializedCount in
      initializedCount = try reader.read(into: UnsafeMutableRawBufferPointer(buffer))
    }
    guard bytes.count == expected else {
      throw DatasetError.truncated(path: path, dimensions: dimensions, found: bytes.count)
    }
    let extra = try reader.countRemaining()
    guard extra == 0 else {
      throw DatasetError.trailingBytes(path: path, dimensions: dimensions, extra: extra)
    }
  }

  /// The product of `dimensions`, or nil if it overflows `Int` (which only a corrupt header can cause).
  public static func elementCount(_ dimensions: [Int]) -> Int? {
    var product = 1
    for dimension in dimensions {
      let (next, overflow) = product.multipliedReportingOverflow(by: dimension)
      if overflow { return nil }
      product = next
    }
    return product
  }

  private static func readHeader(_ reader: GzipReader) throws -> [Int] {
    let path = reader.path
    var magic = [UInt8](repeating: 0, count: 4)
    let found = try magic.withUnsafeMutableBytes { try reader.read(into: $0) }
    guard found == 4 else {
      throw DatasetError.truncatedHeader(path: path, expected: 4, found: found)
    }
    guard magic[0] == 0, magic[1] == 0 else {
      throw DatasetError.badMagic(path: path, found: magic, wasGzip: reader.isGzip)
    }
    guard magic[2] == 0x08 else { throw DatasetError.unsupportedElementType(path: path, code: magic[2]) }
    let rank = Int(magic[3])
    guard (1...4).contains(rank) else { throw DatasetError.badDimensionCount(path: path, count: rank) }

    var sizes = [UInt8](repeating: 0, count: 4 * rank)
    let sizeBytes = try sizes.withUnsafeMutableBytes { try reader.read(into: $0) }
    guard sizeBytes == sizes.count else {
      throw DatasetError.truncatedHeader(path: path, expected: 4 + sizes.count, found: 4 + sizeBytes)
    }
    return (0..<rank).map { axis in
      sizes[4 * axis ..< 4 * axis + 4].reduce(0) { $0 << 8 | Int($1) }
    }
  }
}

/// The size of the regular file at `path`, or the reason it cannot be read.
private func regularFileSize(_ path: String) throws -> Int {
  var status = stat()
  guard stat(path, &status) == 0 else {
    if errno == ENOENT { throw DatasetError.fileNotFound(path: path) }
    throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno)))
  }
  guard (status.st_mode & S_IFMT) == S_IFREG else { throw DatasetError.notARegularFile(path: path) }
  return Int(status.st_size)
}
