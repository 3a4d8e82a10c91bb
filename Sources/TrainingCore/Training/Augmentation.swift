import Statistics

/// Label-preserving augmentation of square grayscale images, as data: a random shift and a random
/// horizontal flip, drawn afresh for every training example every time it is batched.
///
/// ```
/// per example: flip ~ Bernoulli(0.5)          (if horizontalFlip)
///              dx, dy ~ Uniform{−k, …, k}      (k = maxShift; dx > 0 moves content right, dy > 0 down)
/// out[y][x] = in'[clamp(y − dy)][clamp(x − dx)],  in' = in mirrored left-right if flip, else in
/// clamp(i) = min(max(i, 0), side − 1)
/// ```
/// Pixels shifted in from outside the image repeat the edge pixel (edge replication, torchvision's
/// `padding_mode="edge"`), not a constant: the background value depends on the preprocessing (0 raw,
/// −0.81 standardized), which the augmentation need not know, and Fashion-MNIST's borders are background
/// in nearly every image, so replication fills with background there; where a garment reaches the border
/// (trouser legs, long sleeves) it continues the garment instead of cutting it off with a band of
/// background. A flip keeps every Fashion-MNIST label (a mirrored shirt, bag or boot is still one),
/// although the dataset's shoes all point left, so flipped shoes are a pose the test set never shows.
/// Applied to training batches only; evaluation sees the images as they are.
public struct AugmentationSpec: Codable, Sendable, Hashable, CustomStringConvertible {
  /// The largest shift, in pixels, in each of x and y (0: no shift).
  public var maxShift: Int
  /// Mirror left-right with probability 0.5.
  public var horizontalFlip: Bool

  public init(maxShift: Int, horizontalFlip: Bool) {
    self.maxShift = maxShift
    self.horizontalFlip = horizontalFlip
  }

  public var description: String {
    ["shift \(maxShift) px", horizontalFlip ? "horizontal flip" : nil].compactMap { $0 }.joined(separator: ", ")
  }

  /// The side of the square images of `inputWidth` pixels, if it is a square.
  static func side(of inputWidth: Int) -> Int? {
    let side = Int(Double(inputWidth).squareRoot().rounded())
    return side * side == inputWidth ? side : nil
  }

  /// Throws a `ConfigurationError` unless the inputs are square images the shift fits into.
  func validate(inputWidth: Int) throws {
    guard let side = Self.side(of: inputWidth) else {
      throw ConfigurationError(.augmentation, "needs square images, but the input width \(inputWidth) is not a square")
    }
    guard maxShift >= 0, maxShift < side else {
      throw ConfigurationError(.augmentation, "the maximum shift must be in 0..<\(side) pixels, got \(maxShift)")
    }
  }
}

/// Applies an `AugmentationSpec` to one image at a time, drawing from its own stream ("augmentation").
/// Allocates nothing per image.
public final class Augmenter {
  public let spec: AugmentationSpec
  public let side: Int
  private let stream: RandomStream

  public init(_ spec: AugmentationSpec, inputWidth: Int, stream: RandomStream) throws {
    try spec.validate(inputWidth: inputWidth)
    self.spec = spec
    self.side = AugmentationSpec.side(of: inputWidth)!
    self.stream = stream
  }

  /// Writes a randomly shifted and flipped copy of `source` (side × side, row-major) into `destination`.
  /// Draws the flip, then dx, then dy (only those the spec enables).
  public func augment(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>) {
    let flip = spec.horizontalFlip && stream.uniform() < 0.5
    let k = spec.maxShift
    let dx = k > 0 ? stream.integer(below: 2 * k + 1) - k : 0
    let dy = k > 0 ? stream.integer(below: 2 * k + 1) - k : 0
    Self.transform(source, into: destination, side: side, shiftX: dx, shiftY: dy, flip: flip)
  }

  /// The deterministic part: `out[y][x] = in'[clamp(y − shiftY)][clamp(x − shiftX)]` (see `AugmentationSpec`).
  public static func transform(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>,
                               side: Int, shiftX: Int, shiftY: Int, flip: Bool) {
    let last = side - 1
    for y in 0..<side {
      let sourceRow = source + min(max(y - shiftY, 0), last) * side
      let outputRow = destination + y * side
      for x in 0..<side {
        let column = min(max(x - shiftX, 0), last)
        outputRow[x] = sourceRow[flip ? last - column : column]
      }
    }
  }
}
