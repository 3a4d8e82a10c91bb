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
///
/// With `rectifiesInput` the pool also does the work of the `ReLU` in front of it, which then passes its
/// input through (`Network` pairs them): each tap is rectified, max(0, x), as it is loaded, and dy is
/// multiplied by the ReLU's derivative at the tap that won, (y > 0 ? 1 : 0), as `ReLU.backward` would
/// (y > 0 exactly where the tap's input was). The same operations on the same values, so the same bits as
/// the two layers one after the other, and two passes fewer over the block's largest feature maps.
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
  /// Whether the pool applies the ReLU in front of it (see the type's comment); set by `Network`.
  public internal(set) var rectifiesInput = false
  /// Whether the convolution in front of it runs `pool(_:examples:)` on each chunk of its output while
  /// the chunk is still in the cache (`Conv2D.chunkPool`); `forward` then only hands on y. Set by `Network`.
  public internal(set) var isRunByConvolution = false

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
    if !isRunByConvolution { pool(xMatrix, examples: 0..<xMatrix.rows) }
    return output
  }

  /// y and taps of the given examples (rows) of x.
  @_specialize(where T == Float)
  func pool(_ xMatrix: Matrix<T>, examples: Range<Int>) {
    let c = inputShape.channels, w = inputShape.width, s = size
    let simd = usesSIMD, rectify = rectifiesInput
    for example in examples {
      let x = xMatrix.storage + example * inputWidth
      var y = output.storage + example * outputWidth, t = taps.storage + example * outputWidth
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = x + (oh * s * w + ow * s) * c
          if simd {
            Self.forward2x2(corner, rowStride: w * c, channels: c, rectify: rectify, y: y, taps: t)
          } else {
            for channel in 0..<c { y[channel] = rectify ? max(0, corner[channel]) : corner[channel] }
            t.update(repeating: 0, count: c)
            for i in 0..<s {
              for j in 0..<s where i > 0 || j > 0 {
                let tap = corner + (i * w + j) * c, index = T(i * s + j)
                for channel in 0..<c {
                  let v = rectify ? max(0, tap[channel]) : tap[channel], m = y[channel]
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
  }

  /// dx = dy at the tap each window's maximum came from (`taps`), 0 at the window's other taps. Windows
  /// do not overlap, so every input in a window is written once and none receives two gradients.
  /// With `rectifiesInput`, dy (y > 0 ? 1 : 0) at that tap instead.
  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard computesInputGradient else { return dy }
    precondition(dy.columns == outputWidth && dy.rows == output.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    inputGradient.rows = dy.rows
    let c = inputShape.channels, w = inputShape.width, s = size
    let simd = usesSIMD, rectify = rectifiesInput
    // Every input in a window is written below; only a last row or column outside all windows is not.
    if inputShape.height % s != 0 || inputShape.width % s != 0 { inputGradient.fill(0) }
    for example in 0..<dy.rows {
      let dx = inputGradient.storage + example * inputWidth
      var t = taps.storage + example * outputWidth, g = dy.storage + example * outputWidth
      var y = output.storage + example * outputWidth
      for oh in 0..<outputShape.height {
        for ow in 0..<outputShape.width {
          let corner = dx + (oh * s * w + ow * s) * c
          if simd {
            Self.backward2x2(corner, rowStride: w * c, channels: c, rectify: rectify, dy: g, y: y, taps: t)
          } else {
            for i in 0..<s {
              for j in 0..<s {
                let tap = corner + (i * w + j) * c, index = T(i * s + j)
                for channel in 0..<c {
                  let d = rectify ? g[channel] * (y[channel] > 0 ? 1 : 0) : g[channel]
                  tap[channel] = t[channel] == index ? d : 0
                }
              }
            }
          }
          t += c
          g += c
          y += c
        }
      }
    }
    return inputGradient
  }

  /// One 2 x 2 window of the forward pass, four channels at a time (T is Float; C % 4 == 0).
  @inline(__always)
  private static func forward2x2(_ corner: UnsafeMutablePointer<T>, rowStride: Int, channels c: Int, rectify: Bool,
                                 y: UnsafeMutablePointer<T>, taps: UnsafeMutablePointer<T>) {
    typealias V = SIMD4<Float>
    let x0 = UnsafeMutableRawPointer(corner), step = c * MemoryLayout<Float>.stride
    let x1 = x0 + step, x2 = x0 + rowStride * MemoryLayout<Float>.stride, x3 = x2 + step
    let yRaw = UnsafeMutableRawPointer(y), tRaw = UnsafeMutableRawPointer(taps)
    let zero = V(repeating: 0)
    // max(0, v) as `ReLU` computes it, v >= 0 ? v : 0 (a NaN becomes 0, -0 stays -0)
    @inline(__always) func load(_ source: UnsafeMutableRawPointer, _ offset: Int) -> V {
      let v = source.loadUnaligned(fromByteOffset: offset, as: V.self)
      return rectify ? zero.replacing(with: v, where: v .>= zero) : v
    }
    var offset = 0
    while offset < step {
      var m = load(x0, offset), t = zero
      @inline(__always) func tap(_ source: UnsafeMutableRawPointer, _ index: Float) {
        let v = load(source, offset)
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
  private static func backward2x2(_ corner: UnsafeMutablePointer<T>, rowStride: Int, channels c: Int, rectify: Bool,
                                  dy: UnsafeMutablePointer<T>, y: UnsafeMutablePointer<T>, taps: UnsafeMutablePointer<T>) {
    typealias V = SIMD4<Float>
    let d0 = UnsafeMutableRawPointer(corner), step = c * MemoryLayout<Float>.stride
    let d1 = d0 + step, d2 = d0 + rowStride * MemoryLayout<Float>.stride, d3 = d2 + step
    let gRaw = UnsafeMutableRawPointer(dy), tRaw = UnsafeMutableRawPointer(taps), yRaw = UnsafeMutableRawPointer(y)
    let zero = V(repeating: 0), one = V(repeating: 1)
    var offset = 0
    while offset < step {
      var g = gRaw.loadUnaligned(fromByteOffset: offset, as: V.self)
      if rectify {  // dy (y > 0 ? 1 : 0), the product `ReLU.backward` forms
        g *= zero.replacing(with: one, where: yRaw.loadUnaligned(fromByteOffset: offset, as: V.self) .> zero)
      }
      let t = tRaw.loadUnaligned(fromByteOffset: offset, as: V.self)
      d0.storeBytes(of: zero.replacing(with: g, where: t .== 0), toByteOffset: offset, as: V.self)
      d1.storeBytes(of: zero.replacing(with: g, where: t .== 1), toByteOffset: offset, as: V.self)
      d2.storeBytes(of: zero.replacing(with: g, where: t .== 2), toByteOffset: offset, as: V.self)
      d3.storeBytes(of: zero.replacing(with: g, where: t .== 3), toByteOffset: offset, as: V.self)
      offset += MemoryLayout<V>.stride
    }
  }
}
