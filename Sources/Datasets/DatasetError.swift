/// Everything that can go wrong while reading, checking or slicing a dataset.
///
/// Each case prints as one line that names the file (by the path it was opened with) and the problem,
/// and, where there is one, the fix (argument-parser's validation messages, llm.c's `---> HINT`).
/// The cases carry the raw facts so callers and tests can also match on them.
public enum DatasetError: Error, CustomStringConvertible, Equatable, Sendable {
  // MARK: Opening
  case fileNotFound(path: String)
  case notARegularFile(path: String)
  case unreadable(path: String, reason: String)
  /// A Fashion-MNIST file is missing: the message says how to install the data.
  case fashionMNISTNotFound(path: String)

  // MARK: IDX format
  /// The file starts with gzip's magic bytes but zlib cannot decompress it.
  case corruptGzip(path: String, reason: String)
  /// The (decompressed) content does not start with two zero bytes.
  case badMagic(path: String, found: [UInt8], wasGzip: Bool)
  case unsupportedElementType(path: String, code: UInt8)
  case badDimensionCount(path: String, count: Int)
  case truncatedHeader(path: String, expected: Int, found: Int)
  /// Fewer data bytes than the header's dimensions promise.
  case truncated(path: String, dimensions: [Int], found: Int)
  /// More data bytes than the header's dimensions promise.
  case trailingBytes(path: String, dimensions: [Int], extra: Int)

  // MARK: Dataset shape and content
  case unexpectedShape(path: String, expected: String, found: [Int])
  case countMismatch(imagesPath: String, images: Int, labelsPath: String, labels: Int)
  case labelOutOfRange(path: String, index: Int, value: Int, classes: Int)
  /// A balanced subset or split asked for more examples of a class than the dataset holds.
  case tooFewExamples(label: Int, needed: Int, available: Int)

  public var description: String { message(folderSettings: FashionMNIST.environmentVariable) }

  /// `description`, where the hint for a missing dataset names `folderSettings` as the ways to choose the
  /// data folder (a front end adds its own option to the environment variable).
  public func message(folderSettings: String) -> String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file"
    case .notARegularFile(let path):
      return "\(path): not a regular file"
    case .unreadable(let path, let reason):
      return "\(path): cannot read: \(reason)"
    case .fashionMNISTNotFound(let path):
      return "Fashion-MNIST not found: \(path) does not exist. "
        + "Install it with `apt-get install \(FashionMNIST.debianPackage)`, or point \(folderSettings) "
        + "at a folder holding the four *-ubyte.gz files."
    case .corruptGzip(let path, let reason):
      return "\(path): corrupt gzip data: \(reason)"
    case .badMagic(let path, let found, let wasGzip):
      let content = wasGzip ? "its decompressed content starts with" : "it is not gzip and starts with"
      return "\(path): not an IDX file: \(content) \(hex(found)), expected 00 00 08 <rank>"
    case .unsupportedElementType(let path, let code):
      return "\(path): unsupported IDX element type \(hex([code])) (\(elementTypeName(code))); "
        + "only 08 (unsigned byte) is supported"
    case .badDimensionCount(let path, let count):
      return "\(path): IDX header says \(count) dimensions; expected 1 to 4"
    case .truncatedHeader(let path, let expected, let found):
      return "\(path): truncated header: expected \(expected) bytes, found \(found)"
    case .truncated(let path, let dimensions, let found):
      return "\(path): truncated: header says \(sizeText(dimensions)) bytes, found \(found)"
    case .trailingBytes(let path, let dimensions, let extra):
      return "\(path): \(extra) unexpected bytes after the \(sizeText(dimensions)) data bytes"
    case .unexpectedShape(let path, let expected, let found):
      return "\(path): expected shape \(expected), found \(shapeText(found))"
    case .countMismatch(let imagesPath, let images, let labelsPath, let labels):
      return "\(labelsPath): \(labels) labels for the \(images) images in \(imagesPath)"
    case .labelOutOfRange(let path, let index, let value, let classes):
      return "\(path): label \(value) at index \(index) is outside 0...\(classes - 1)"
    case .tooFewExamples(let label, let needed, let available):
      return "class \(label) has \(available) examples; \(needed) are needed"
    }
  }
}

private func hex(_ bytes: [UInt8]) -> String {
  bytes.map { byte in
    let digits = String(byte, radix: 16)
    return digits.count == 1 ? "0" + digits : digits
  }.joined(separator: " ")
}

/// The IDX type codes from LeCun's MNIST page, so an error can say what the file holds.
private func elementTypeName(_ code: UInt8) -> String {
  switch code {
  case 0x08: return "unsigned byte"
  case 0x09: return "signed byte"
  case 0x0B: return "int16"
  case 0x0C: return "int32"
  case 0x0D: return "float32"
  case 0x0E: return "float64"
  default: return "not an IDX type code"
  }
}

private func shapeText(_ dimensions: [Int]) -> String {
  dimensions.isEmpty ? "()" : dimensions.map(String.init).joined(separator: "x")
}

/// "60000x28x28 = 47040000"; a product too large for `Int` (only a corrupt header has one) says so.
private func sizeText(_ dimensions: [Int]) -> String {
  let product = IDXFile.elementCount(dimensions)
  return shapeText(dimensions) + " = " + (product.map(String.init) ?? "more than \(Int.max)")
}
