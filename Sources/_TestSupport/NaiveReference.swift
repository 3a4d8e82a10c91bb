import TrainingCore

/// C = op(A) op(B) by the textbook triple loop: the oracle the BLAS wrapper is tested against.
public func naiveMatrixProduct<T: Scalar>(_ a: Matrix<T>, transposeA: Bool,
                                          _ b: Matrix<T>, transposeB: Bool) -> [[T]] {
  let m = transposeA ? a.columns : a.rows, k = transposeA ? a.rows : a.columns
  let n = transposeB ? b.rows : b.columns
  var c = Array(repeating: Array(repeating: T.zero, count: n), count: m)
  for i in 0..<m {
    for j in 0..<n {
      var sum = T.zero
      for p in 0..<k {
        let aValue = transposeA ? a[p, i] : a[i, p]
        let bValue = transposeB ? b[j, p] : b[p, j]
        sum += aValue * bValue
      }
      c[i][j] = sum
    }
  }
  return c
}

/// Whether two numbers agree to a relative tolerance, with an absolute floor for values near zero.
public func isClose<T: BinaryFloatingPoint>(_ a: T, _ b: T, relative: T, absolute: T = 0) -> Bool {
  abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}

/// A direct convolution in NHWC by the textbook loops over every output, filter and tap: the oracle
/// `Conv2D` (im2col, GEMM, col2im) is tested against, forward and backward. Weights as `Conv2D.weight`,
/// (F, k k C) in (kh, kw, c) order. Returns y (N, H' W' F) and, for upstream gradient dy, dx, dW and db.
public struct NaiveConvolution {
  public let input: ImageShape
  public let filters: Int, kernel: Int, stride: Int, padding: Int
  public let outputHeight: Int, outputWidth: Int

  public init(input: ImageShape, filters: Int, kernel: Int, stride: Int, padding: Int) {
    self.input = input
    self.filters = filters
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    outputHeight = (input.height + 2 * padding - kernel) / stride + 1
    outputWidth = (input.width + 2 * padding - kernel) / stride + 1
  }

  /// Visits every (output index, input index, weight index) triple that a multiply-add of the
  /// convolution touches, for `examples` examples; taps in the padding are skipped.
  private func forEachProduct(examples: Int, _ body: (Int, Int, Int) -> Void) {
    let (h, w, c) = (input.height, input.width, input.channels)
    for n in 0..<examples {
      for oh in 0..<outputHeight {
        for ow in 0..<outputWidth {
          for f in 0..<filters {
            let out = ((n * outputHeight + oh) * outputWidth + ow) * filters + f
            for kh in 0..<kernel {
              for kw in 0..<kernel {
                let ih = oh * stride - padding + kh, iw = ow * stride - padding + kw
                guard ih >= 0, ih < h, iw >= 0, iw < w else { continue }
                for ch in 0..<c {
                  body(out, ((n * h + ih) * w + iw) * c + ch, f * kernel * kernel * c + (kh * kernel + kw) * c + ch)
                }
              }
            }
          }
        }
      }
    }
  }

  public func forward(x: [Double], weight: [Double], bias: [Double]?, examples: Int) -> [Double] {
    var y = [Double](repeating: 0, count: examples * outputHeight * outputWidth * filters)
    if let bias { for i in y.indices { y[i] = bias[i % filters] } }
    forEachProduct(examples: examples) { out, inp, wt in y[out] += weight[wt] * x[inp] }
    return y
  }

  public func backward(x: [Double], weight: [Double], dy: [Double], examples: Int)
    -> (dx: [Double], dWeight: [Double], dBias: [Double]) {
    var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: weight.count)
    var db = [Double](repeating: 0, count: filters)
    for i in dy.indices { db[i % filters] += dy[i] }
    forEachProduct(examples: examples) { out, inp, wt in
      dx[inp] += weight[wt] * dy[out]
      dw[wt] += x[inp] * dy[out]
    }
    return (dx, dw, db)
  }
}
