/// The shape of one example's feature map, and the layout every convolutional layer uses: NHWC.
///
/// A batch of images is a `Matrix` like any other: one row per example (N), and in each row the
/// example's H x W x C values in row-major order with the channel fastest, i.e. element (h, w, c) of
/// example n sits at row n, column (h W + w) C + c. So the `Layer` protocol fits convolutional layers
/// unchanged (a layer's `inputWidth` is H W C), and:
///
/// - Flatten is the identity: a feature map's row already is the dense head's input row, in (h, w, c)
///   order. There is no Flatten layer to copy it. (A PyTorch model flattening NCHW orders the same
///   features (c, h, w); that only permutes the dense weights' columns.)
/// - Fashion-MNIST rows (784 pixels, row-major) already are 28 x 28 x 1 NHWC images.
/// - The im2col patch matrix of a whole batch, (N H' W', k k C), times the (k k C, F) filters is one
///   GEMM whose (N H' W', F) result already is the NHWC output: no transposes (`Conv2D`).
/// - Per-channel statistics see the batch as an (N H W, C) matrix, the same memory: BatchNorm over
///   channels is the dense BatchNorm with `positions: H W` (`BatchNorm`).
/// - Element-wise layers (activations, dropout) and LayerNorm over C H W (the dense `LayerNorm` of width
///   H W C, with an affine per element as PyTorch's `LayerNorm([C, H, W])`) need nothing new.
///
/// Why NHWC rather than NCHW: with the channel fastest, each kernel tap of a patch is C contiguous values,
/// so im2col copies runs of k C values (the taps of one kernel row) instead of gathering single values,
/// and the convolution's GEMM writes NHWC directly; NCHW would need either one GEMM per example
/// (W (F, kkC) times the example's (kkC, H'W') columns) or a transpose of the output.
public struct ImageShape: Codable, Sendable, Hashable, CustomStringConvertible {
  public var height: Int
  public var width: Int
  public var channels: Int

  public init(height: Int, width: Int, channels: Int) {
    self.height = height
    self.width = width
    self.channels = channels
  }

  /// H W C: the width of an example's row.
  public var count: Int { height * width * channels }
  /// H W: the positions of the feature map.
  public var positions: Int { height * width }
  /// "28x28x1" (height x width x channels).
  public var description: String { "\(height)x\(width)x\(channels)" }

  /// The spatial size of a convolution's or pooling's output along one axis: floor((n + 2 padding −
  /// kernel) / stride) + 1, as PyTorch's; 0 when the kernel does not fit.
  public static func outputSize(_ n: Int, kernel: Int, stride: Int, padding: Int) -> Int {
    let span = n + 2 * padding - kernel
    return span < 0 ? 0 : span / stride + 1
  }
}
