/// The convolutional front of a network, as data: the input image and a stack of convolution blocks, in
/// the NHWC layout of `ImageShape`. Nil in a `NetworkSpec` means an MLP.
///
/// Each block is Conv2D → [BatchNorm per channel | LayerNorm over C H W] → activation → [2 x 2 max-pool],
/// with the network's normalization and activation (`NetworkSpec`). After the last block, the feature map
/// (flattened: the identity in NHWC) or, with `globalAveragePool`, its per-channel means feed the dense
/// hidden layers. `tricks train --conv 16,32` builds `ConvolutionSpec.standard([16, 32])`: 3 x 3
/// convolutions with padding 1, each followed by a max-pool.
public struct ConvolutionSpec: Codable, Sendable, Hashable, CustomStringConvertible {
  /// One convolution block.
  public struct Block: Codable, Sendable, Hashable, CustomStringConvertible {
    public var filters: Int
    public var kernel: Int
    public var stride: Int
    public var padding: Int
    /// Whether a 2 x 2 max-pool (stride 2, floor) ends the block.
    public var maxPool: Bool

    public init(filters: Int, kernel: Int = 3, stride: Int = 1, padding: Int = 1, maxPool: Bool = true) {
      self.filters = filters
      self.kernel = kernel
      self.stride = stride
      self.padding = padding
      self.maxPool = maxPool
    }

    /// "conv3x3:16-pool", with "/s2" and "/p0" when stride or padding differ from 1 and 1.
    public var description: String {
      "conv\(kernel)x\(kernel)" + (stride == 1 ? "" : "/s\(stride)") + (padding == 1 ? "" : "/p\(padding)")
        + ":\(filters)" + (maxPool ? "-pool" : "")
    }
  }

  /// The input image, whose NHWC row is the network's input row (`inputWidth` = its count).
  public var image: ImageShape
  public var blocks: [Block]
  /// Nil or false: the dense layers read the whole last feature map; true: its per-channel means.
  public var globalAveragePool: Bool?

  public init(image: ImageShape = ImageShape(height: 28, width: 28, channels: 1), blocks: [Block],
              globalAveragePool: Bool? = nil) {
    self.image = image
    self.blocks = blocks
    self.globalAveragePool = globalAveragePool
  }

  /// The command line's stack: for each width, a 3 x 3 convolution with padding 1 and a 2 x 2 max-pool.
  public static func standard(_ filters: [Int], image: ImageShape = ImageShape(height: 28, width: 28, channels: 1)) -> Self {
    ConvolutionSpec(image: image, blocks: filters.map { Block(filters: $0) })
  }

  /// The shape after each block's convolution and after its pool (equal when it has none), in order; nil
  /// when a kernel or pool does not fit (`validate` says which).
  public var shapes: [(convolution: ImageShape, block: ImageShape)]? {
    var shape = image, result: [(ImageShape, ImageShape)] = []
    for block in blocks {
      let height = ImageShape.outputSize(shape.height, kernel: block.kernel, stride: block.stride, padding: block.padding)
      let width = ImageShape.outputSize(shape.width, kernel: block.kernel, stride: block.stride, padding: block.padding)
      guard height > 0, width > 0 else { return nil }
      let convolution = ImageShape(height: height, width: width, channels: block.filters)
      if block.maxPool {
        guard height >= 2, width >= 2 else { return nil }
        shape = ImageShape(height: height / 2, width: width / 2, channels: block.filters)
      } else {
        shape = convolution
      }
      result.append((convolution, shape))
    }
    return result
  }

  /// The width of the dense head's input: the last feature map's count, or its channels when averaged.
  public var outputWidth: Int {
    guard let last = shapes?.last?.block else { return image.count }
    return globalAveragePool == true ? last.channels : last.count
  }

  /// Multiply-adds of one example's forward pass through the convolutions, times 2.
  public var forwardFLOPsPerExample: Double {
    guard let shapes else { return 0 }
    var channels = image.channels, flops = 0.0
    for (block, shape) in zip(blocks, shapes) {
      flops += 2 * Double(shape.convolution.count * block.kernel * block.kernel * channels)
      channels = block.filters
    }
    return flops
  }

  /// "28x28x1-conv3x3:16-pool-conv3x3:32-pool", with "-gap" for global average pooling.
  public var description: String {
    ([image.description] + blocks.map(\.description) + (globalAveragePool == true ? ["gap"] : [])).joined(separator: "-")
  }

  /// Throws a `ConfigurationError` (field `convolution`) when the stack cannot be built.
  public func validate(inputWidth: Int) throws {
    guard image.height > 0, image.width > 0, image.channels > 0 else {
      throw ConfigurationError(.convolution, "the image \(image) must have positive sizes")
    }
    guard image.count == inputWidth else {
      throw ConfigurationError(.convolution, "the image \(image) has \(image.count) values, the input \(inputWidth)")
    }
    guard !blocks.isEmpty else { throw ConfigurationError(.convolution, "needs at least one convolution") }
    for block in blocks {
      guard block.filters > 0 else { throw ConfigurationError(.convolution, "every block needs a positive number of filters, got \(block.filters)") }
      guard block.kernel > 0, block.stride > 0, block.padding >= 0, block.padding < block.kernel else {
        throw ConfigurationError(.convolution, "kernel \(block.kernel), stride \(block.stride), padding \(block.padding): need kernel, stride > 0 and 0 <= padding < kernel")
      }
    }
    guard shapes != nil else {
      throw ConfigurationError(.convolution, "the feature map of \(image) shrinks below one pixel (too many pools or strides)")
    }
  }
}
