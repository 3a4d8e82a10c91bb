import CZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin reader over zlib's `gzFile`: decompresses gzip, passes any other file through unchanged.
///
/// It exists so that `IDXFile` can read in large blocks straight into its final buffer (no intermediate
/// `Data`, no per-byte work) and turn zlib's error codes into `DatasetError`s. Not thread-safe; one owner.
final class GzipReader {
  /// Deflate's largest possible expansion (1032:1, from zlib's technical notes): a bound on what a gzip
  /// file of a given size can decompress to, used to refuse absurd headers before allocating.
  static let maximumRatio = 1032

  /// zlib's `gzread` takes an `unsigned int` length; 16 MiB blocks stay far below it.
  private static let blockSize = 1 << 24

  let path: String
  private var file: gzFile?

  init(path: String) throws {
    self.path = path
    guard let file = gzopen(path, "rb") else {
      throw DatasetError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    // A 256 KiB input buffer (the default is 8 KiB) cuts the read calls for a 26 MB file by 32x.
    gzbuffer(file, 1 << 18)
    self.file = file
  }

  deinit { close() }

  func close() {
    if let file { gzclose(file) }
    file = nil
  }

  /// Whether the file is gzip-compressed. Valid once something has been read: zlib decides on the first read.
  var isGzip: Bool { gzdirect(file) == 0 }

  /// Fills `buffer` as far as the content allows; returns the number of bytes read (short only at the end).
  ///
  /// - Throws: `DatasetError.corruptGzip` if the compressed stream is invalid or cut short.
  func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
    var total = 0
    while total < buffer.count {
      let want = min(buffer.count - total, Self.blockSize)
      let got = gzread(file, buffer.baseAddress! + total, UInt32(want))
      guard got >= 0 else { throw corruption() }
      total += Int(got)
      if Int(got) < want {
        // A short read is the end of the content, unless zlib hit the end of the file mid-stream.
        var code: Int32 = 0
        _ = gzerror(file, &code)
        guard code == Z_OK else { throw corruption() }
        break
      }
    }
    return total
  }

  /// Reads to the end and returns how many bytes there were, for error messages about sizes.
  func countRemaining() throws -> Int {
    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 1)
    defer { scratch.deallocate() }
    var total = 0
    while true {
      let got = try read(into: scratch)
      total += got
      if got < scratch.count { return total }
    }
  }

  private func corruption() -> DatasetError {
    var code: Int32 = 0
    let message = gzerror(file, &code).map { String(cString: $0) } ?? "unknown zlib error"
    if code == Z_ERRNO {
      return .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    // zlib says "unexpected end of file" for a gzip stream that stops early; say what that usually means.
    let hint = code == Z_BUF_ERROR ? " (the compressed file was probably cut short)" : ""
    return .corruptGzip(path: path, reason: message + hint)
  }
}
