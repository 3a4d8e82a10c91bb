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
