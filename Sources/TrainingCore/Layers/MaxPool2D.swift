/// Max pooling over non-overlapping size x size windows (stride = size; 2 x 2 in the nets here), per
/// channel, on NHWC feature maps (`ImageShape`):
///
///     y[n, oh, ow, c] = max_{i, j < size} x[n, oh size + i, ow size + j, c]      H' = floor(H / size)
///
/// Odd sizes: floor, as PyTorch's `MaxPool2d(2)` (`ceil_mode=False`): a last row or column that does not
/// fill a window is dropped, and its input gradient is 0. Ties go to the first maximum in (i, j) row-major
/// window order, and a NaN wins (it propagates), as in PyTorch's CPU kernel. The backward pass routes each
/// dy to the input that was the maximum, remembered as an index by the forward pass; the other inputs of
/// the window get 0.
public final class MaxPool2D<T: Scalar>: Layer {
  public let inputShape: ImageShape
  public let outputShape: ImageShape
  public let size: Int
  public var computesInputGradient = true
  public var inputWidth: Int { inputShape.count }
  public var outputWidth: Int { outputShape.count }
  public var name: String { "max-pool\(size)x\(size)(\(inputShape)->\(outputShape))" }

  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, H' W' C)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, H W C)
  /// For each output element, the column (h W + w) C + c of its maximum in the example's input row.
  private var argmax = UnsafeMutablePointer<Int32>.allocate(capacity: 1)

  /// - Precondition: the window fits the input (H, W >= size).
  public init(input: ImageShape, size: Int = 2) {
    precondition(size > 0 && input.height >= size && input.width >= size && input.channels > 0,
                 "a \(size)x\(size) pool does not fit a \(input) input")
    inputShape = input
    outputShape = ImageShape(height: input.height / size, width: input.width / size, channels: input.channels)
    self.size = size
  }

  deinit { argmax.deallocate() }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
    argmax.deallocate()
    argmax = .allocate(capacity: max(1, batchSize * outputWidth))
  }

  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(xMatrix.columns == inputWidth && xMatrix.rows <= output.capacity, "\(name) cannot take a (\(xMatrix.rows), \(xMatrix.columns)) batch")
    output.rows = xMatrix.rows
    let c = inputShape.channels, w = inputShape.width, s = size
    for example in 0..<xMatrix.rows {
      let x = xMatrix.storage + example * inputWidth
      var y = output.storage + example * outputWidth, index = argmax + example * outputWidth
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = (oh * s * w + ow * s) * c
          // The window's first tap initializes every channel; the others replace it when larger (or NaN).
          for channel in 0..<c {
            y[channel] = x[corner + channel]
            index[channel] = Int32(corner + channel)
          }
          for i in 0..<s {
            for j in 0..<s where i > 0 || j > 0 {
              let tap = corner + (i * w + j) * c
              for channel in 0..<c {
                let v = x[tap + channel]
                if v > y[channel] || (v.isNaN && !y[channel].isNaN) {
                  y[channel] = v
                  index[channel] = Int32(tap + channel)
                }
              }
            }
          }
          y += c
          index += c
        }
      }
    }
    return output
  }

  /// dx[argmax] = dy, 0 elsewhere (the windows do not overlap, so no input receives two gradients).
  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard computesInputGradient else { return dy }
    precondition(dy.columns == outputWidth && dy.rows == output.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    inputGradient.rows = dy.rows
    inputGradient.fill(0)
    for example in 0..<dy.rows {
      let g = dy.storage + example * outputWidth, index = argmax + example * outputWidth
      let dx = inputGradient.storage + example * inputWidth
      for i in 0..<outputWidth { dx[Int(index[i])] = g[i] }
    }
    return inputGradient
  }
}
