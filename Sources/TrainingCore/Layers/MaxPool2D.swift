/// Max pooling over non-overlapping size x size windows (stride = size; 2 x 2 in the nets here), per
/// channel, on NHWC feature maps (`ImageShape`):
///
///     y[n, oh, ow, c] = max_{i, j < size} x[n, oh size + i, ow size + j, c]      H' = floor(H / size)
///
/// Odd sizes: floor, as PyTorch's `MaxPool2d(2)` (`ceil_mode=False`): a last row or column that does not
/// fill a window is dropped, and its input gradient is 0. Ties go to the first maximum in (i, j) row-major
/// window order, and a NaN wins (it propagates), as in PyTorch's CPU kernel. The backward pass routes each
/// dy to the input that was the maximum, which it finds again by comparing the window with y (the
/// forward pass keeps no indices, so it is a plain vectorizable max); the other inputs of the window get 0.
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
  private unowned(unsafe) var input: Matrix<T>? = nil  // x of the last forward (the previous layer's)
  private let pending: Matrix<T>                        // one window's dy not yet routed: (1, C)

  /// - Precondition: the window fits the input (H, W >= size).
  public init(input: ImageShape, size: Int = 2) {
    precondition(size > 0 && input.height >= size && input.width >= size && input.channels > 0,
                 "a \(size)x\(size) pool does not fit a \(input) input")
    inputShape = input
    outputShape = ImageShape(height: input.height / size, width: input.width / size, channels: input.channels)
    self.size = size
    pending = Matrix(rows: 1, columns: input.channels)
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
  }

  /// The maximum only, as a select per tap and channel (vectorizable: no index is kept; `backward` finds
  /// the winning tap again).
  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(xMatrix.columns == inputWidth && xMatrix.rows <= output.capacity, "\(name) cannot take a (\(xMatrix.rows), \(xMatrix.columns)) batch")
    input = xMatrix
    output.rows = xMatrix.rows
    let c = inputShape.channels, w = inputShape.width, s = size
    for example in 0..<xMatrix.rows {
      let x = xMatrix.storage + example * inputWidth
      var y = output.storage + example * outputWidth
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = x + (oh * s * w + ow * s) * c
          y.update(from: corner, count: c)
          for i in 0..<s {
            for j in 0..<s where i > 0 || j > 0 {
              let tap = corner + (i * w + j) * c
              for channel in 0..<c {
                let v = tap[channel], m = y[channel]
                y[channel] = v > m || (v != v && m == m) ? v : m  // larger, or the first NaN
              }
            }
          }
          y += c
        }
      }
    }
    return output
  }

  /// dx = dy at each window's maximum (the first tap, in (i, j) order, equal to y, or the first NaN when
  /// y is NaN: the tap the forward pass kept), 0 elsewhere. Windows do not overlap, so no input receives
  /// two gradients. Branch-free over channels: each channel's dy is held in `pending` until the first tap
  /// that matches takes it, and every tap writes either it or 0.
  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard computesInputGradient else { return dy }
    guard let xMatrix = input else { preconditionFailure("MaxPool2D.backward before forward") }
    precondition(dy.columns == outputWidth && dy.rows == output.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    inputGradient.rows = dy.rows
    let c = inputShape.channels, w = inputShape.width, s = size, pending = self.pending.storage
    // Every input in a window is written below; only a last row or column outside all windows is not.
    if inputShape.height % s != 0 || inputShape.width % s != 0 { inputGradient.fill(0) }
    for example in 0..<dy.rows {
      let x = xMatrix.storage + example * inputWidth, dx = inputGradient.storage + example * inputWidth
      var y = output.storage + example * outputWidth, g = dy.storage + example * outputWidth
      var hasNaN = false  // then the general loop below, which routes to the first NaN
      for i in 0..<outputWidth where y[i] != y[i] { hasNaN = true }
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = (oh * s * w + ow * s) * c
          if s == 2 && !hasNaN {  // the nets' case: four taps, selects only (vectorizable)
            let x0 = x + corner, x1 = x0 + c, x2 = x0 + w * c, x3 = x2 + c
            let d0 = dx + corner, d1 = d0 + c, d2 = d0 + w * c, d3 = d2 + c
            for channel in 0..<c {
              let m = y[channel], gradient = g[channel]
              let a = x0[channel] == m, b = x1[channel] == m, e = x2[channel] == m
              let afterA = a ? 0 : gradient, afterB = b ? 0 : afterA
              d0[channel] = a ? gradient : 0
              d1[channel] = b ? afterA : 0
              d2[channel] = e ? afterB : 0
              d3[channel] = e ? 0 : afterB  // no earlier tap matched: the last one is the maximum
            }
            y += c
            g += c
            continue
          }
          pending.update(from: g, count: c)
          for i in 0..<s {
            for j in 0..<s {
              let tap = corner + (i * w + j) * c, xTap = x + tap, dxTap = dx + tap
              for channel in 0..<c {
                let v = xTap[channel], m = y[channel], hit = v == m || (v != v && m != m)
                dxTap[channel] = hit ? pending[channel] : 0
                pending[channel] = hit ? 0 : pending[channel]
              }
            }
          }
          y += c
          g += c
        }
      }
    }
    return inputGradient
  }
}
