/// Max pooling over non-overlapping size x size windows (stride = size; 2 x 2 in the nets here), per
/// channel, on NHWC feature maps (`ImageShape`):
///
///     y[n, oh, ow, c] = max_{i, j < size} x[n, oh size + i, ow size + j, c]      H' = floor(H / size)
///
/// Odd sizes: floor, as PyTorch's `MaxPool2d(2)` (`ceil_mode=False`): a last row or column that does not
/// fill a window is dropped, and its input gradient is 0. Ties go to the first maximum in (i, j) row-major
/// window order, and a NaN wins (it propagates), as in PyTorch's CPU kernel. The forward pass keeps, per
/// output, the window index i size + j of the tap it took (`taps`, stored as T: small integers, exact, and
/// of the width the selects work in), so the backward pass routes each dy by that index alone, without
/// reading the input again (4 times the output; for the first pool of `--conv 16,32` a 6.4 MB batch).
///
/// Float with 2 x 2 windows and a multiple of 4 channels (the nets' case) runs four channels at a time in
/// SIMD registers; Swift does not vectorize the scalar loops over C = 16 or 32 channels per window. Both
/// paths compute the same selects, so the same bits (`PoolingTests`).
public final class MaxPool2D<T: Scalar>: Layer {
  public let inputShape: ImageShape
  public let outputShape: ImageShape
  public let size: Int
  public var computesInputGradient = true
  public var inputWidth: Int { inputShape.count }
  public var outputWidth: Int { outputShape.count }
  public var name: String { "max-pool\(size)x\(size)(\(inputShape)->\(outputShape))" }
  /// Whether Float 2 x 2 pools with C % 4 == 0 take the SIMD path (settable for the tests that compare the two).
  var vectorized = true

  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, H' W' C)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, H W C)
  private var taps = Matrix<T>(rows: 0, columns: 0)   // the window index each y came from: (batch, H' W' C)

  /// - Precondition: the window fits the input (H, W >= size).
  public init(input: ImageShape, size: Int = 2) {
    precondition(size > 0 && input.height >= size && input.width >= size && input.channels > 0,
                 "a \(size)x\(size) pool does not fit a \(input) input")
    inputShape = input
    outputShape = ImageShape(height: input.height / size, width: input.width / size, channels: input.channels)
    self.size = size
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    taps = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
  }

  private var usesSIMD: Bool { vectorized && T.self == Float.self && size == 2 && inputShape.channels % 4 == 0 }

  /// The maximum and its window index, as selects per tap and channel.
  @_specialize(where T == Float)
  public func forward(_ xMatrix: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(xMatrix.columns == inputWidth && xMatrix.rows <= output.capacity, "\(name) cannot take a (\(xMatrix.rows), \(xMatrix.columns)) batch")
    output.rows = xMatrix.rows
    taps.rows = xMatrix.rows
    let c = inputShape.channels, w = inputShape.width, s = size
    let simd = usesSIMD
    for example in 0..<xMatrix.rows {
      let x = xMatrix.storage + example * inputWidth
      var y = output.storage + example * outputWidth, t = taps.storage + example * outputWidth
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = x + (oh * s * w + ow * s) * c
          if simd {
            Self.forward2x2(corner, rowStride: w * c, channels: c, y: y, taps: t)
          } else {
            y.update(from: corner, count: c)
            t.update(repeating: 0, count: c)
            for i in 0..<s {
              for j in 0..<s where i > 0 || j > 0 {
                let tap = corner + (i * w + j) * c, index = T(i * s + j)
                for channel in 0..<c {
                  let v = tap[channel], m = y[channel]
                  let take = v > m || (v != v && m == m)  // larger, or the first NaN
                  y[channel] = take ? v : m
                  t[channel] = take ? index : t[channel]
                }
              }
            }
          }
          y += c
          t += c
        }
      }
    }
    return output
  }

  /// dx = dy at the tap each window's maximum came from (`taps`), 0 at the window's other taps. Windows
  /// do not overlap, so every input in a window is written once and none receives two gradients.
  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard computesInputGradient else { return dy }
    precondition(dy.columns == outputWidth && dy.rows == output.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    inputGradient.rows = dy.rows
    let c = inputShape.channels, w = inputShape.width, s = size
    let simd = usesSIMD
    // Every input in a window is written below; only a last row or column outside all windows is not.
    if inputShape.height % s != 0 || inputShape.width % s != 0 { inputGradient.fill(0) }
    for example in 0..<dy.rows {
      let dx = inputGradient.storage + example * inputWidth
      var t = taps.storage + example * outputWidth, g = dy.storage + example * outputWidth
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = dx + (oh * s * w + ow * s) * c
          if simd {
            Self.backward2x2(corner, rowStride: w * c, channels: c, dy: g, taps: t)
          } else {
            for i in 0..<s {
              for j in 0..<s {
                let tap = corner + (i * w + j) * c, index = T(i * s + j)
                for channel in 0..<c { tap[channel] = t[channel] == index ? g[channel] : 0 }
              }
            }
          }
          t += c
          g += c
        }
      }
    }
    return inputGradient
  }

  /// One 2 x 2 window of the forward pass, four channels at a time (T is Float; C % 4 == 0).
  @inline(__always)
  private static func forward2x2(_ corner: UnsafeMutablePointer<T>, rowStride: Int, channels c: Int,
                                 y: UnsafeMutablePointer<T>, taps: UnsafeMutablePointer<T>) {
    typealias V = SIMD4<Float>
    let x0 = UnsafeMutableRawPointer(corner), step = c * MemoryLayout<Float>.stride
    let x1 = x0 + step, x2 = x0 + rowStride * MemoryLayout<Float>.stride, x3 = x2 + step
    let yRaw = UnsafeMutableRawPointer(y), tRaw = UnsafeMutableRawPointer(taps)
    var offset = 0
    while offset < step {
      var m = x0.loadUnaligned(fromByteOffset: offset, as: V.self), t = V(repeating: 0)
      @inline(__always) func tap(_ source: UnsafeMutableRawPointer, _ index: Float) {
        let v = source.loadUnaligned(fromByteOffset: offset, as: V.self)
        let take = (v .> m) .| ((v .!= v) .& (m .== m))  // larger, or the first NaN
        m.replace(with: v, where: take)
        t.replace(with: index, where: take)
      }
      tap(x1, 1)
      tap(x2, 2)
      tap(x3, 3)
      yRaw.storeBytes(of: m, toByteOffset: offset, as: V.self)
      tRaw.storeBytes(of: t, toByteOffset: offset, as: V.self)
      offset += MemoryLayout<V>.stride
    }
  }

  /// One 2 x 2 window of the backward pass, four channels at a time (T is Float; C % 4 == 0).
  @inline(__always)
  private static func backward2x2(_ corner: UnsafeMutablePointer<T>, rowStride: Int, channels c: Int,
                                  dy: UnsafeMutablePointer<T>, taps: UnsafeMutablePointer<T>) {
    typealias V = SIMD4<Float>
    let d0 = UnsafeMutableRawPointer(corner), step = c * MemoryLayout<Float>.stride
    let d1 = d0 + step, d2 = d0 + rowStride * MemoryLayout<Float>.stride, d3 = d2 + step
    let gRaw = UnsafeMutableRawPointer(dy), tRaw = UnsafeMutableRawPointer(taps)
    var offset = 0
    while offset < step {
      let g = gRaw.loadUnaligned(fromByteOffset: offset, as: V.self)
      let t = tRaw.loadUnaligned(fromByteOffset: offset, as: V.self)
      let zero = V(repeating: 0)
      d0.storeBytes(of: zero.replacing(with: g, where: t .== 0), toByteOffset: offset, as: V.self)
      d1.storeBytes(of: zero.replacing(with: g, where: t .== 1), toByteOffset: offset, as: V.self)
      d2.storeBytes(of: zero.replacing(with: g, where: t .== 2), toByteOffset: offset, as: V.self)
      d3.storeBytes(of: zero.replacing(with: g, where: t .== 3), toByteOffset: offset, as: V.self)
      offset += MemoryLayout<V>.stride
    }
  }
}
