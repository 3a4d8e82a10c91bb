/// Global average pooling (Lin et al. 2014, "Network in Network"): each channel's mean over the H x W
/// positions of an NHWC feature map (`ImageShape`), so an example's row of H W C values becomes C values.
///
///     y[n, c] = Σ_{h, w} x[n, h, w, c] / (H W)        dx[n, h, w, c] = dy[n, c] / (H W)
public final class GlobalAveragePool<T: Scalar>: Layer {
  public let inputShape: ImageShape
  public var computesInputGradient = true
  public var inputWidth: Int { inputShape.count }
  public var outputWidth: Int { inputShape.channels }
  public var name: String { "global-average-pool(\(inputShape)->\(inputShape.channels))" }

  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, C)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, H W C)

  public init(input: ImageShape) {
    precondition(input.count > 0, "global average pooling needs a non-empty input")
    inputShape = input
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
  }

  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(xMatrix.columns == inputWidth && xMatrix.rows <= output.capacity, "\(name) cannot take a (\(xMatrix.rows), \(xMatrix.columns)) batch")
    output.rows = xMatrix.rows
    let c = inputShape.channels, positions = inputShape.positions, scale = 1 / T(positions)
    for example in 0..<xMatrix.rows {
      let x = xMatrix.storage + example * inputWidth, y = output.storage + example * c
      y.update(repeating: 0, count: c)
      for position in 0..<positions {
        let pixel = x + position * c
        for channel in 0..<c { y[channel] += pixel[channel] }
      }
      for channel in 0..<c { y[channel] *= scale }
    }
    return output
  }

  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard computesInputGradient else { return dy }
    precondition(dy.columns == outputWidth && dy.rows == output.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    inputGradient.rows = dy.rows
    let c = inputShape.channels, positions = inputShape.positions, scale = 1 / T(positions)
    for example in 0..<dy.rows {
      let g = dy.storage + example * c, dx = inputGradient.storage + example * inputWidth
      for position in 0..<positions {
        let pixel = dx + position * c
        for channel in 0..<c { pixel[channel] = g[channel] * scale }
      }
    }
    return inputGradient
  }
}
