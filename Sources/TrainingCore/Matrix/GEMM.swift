/// C = alpha * op(A) * op(B) + beta * C for row-major matrices, with `op` a transpose or not.
///
/// Transposes are flags handed to BLAS, never copies. The shapes are checked here so a wrong call stops
/// with a message instead of reading out of bounds inside OpenBLAS.
public func gemm<T: Scalar>(_ a: Matrix<T>, _ b: Matrix<T>, transposeA: Bool = false, transposeB: Bool = false,
                            into c: Matrix<T>, alpha: T = 1, beta: T = 0) {
  let (m, k) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
  let (kb, n) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
  precondition(k == kb, "gemm: inner sizes differ (\(k) vs \(kb))")
  precondition(c.columns == n, "gemm: output has \(c.columns) columns, product has \(n)")
  precondition(m <= c.capacity, "gemm: output holds \(c.capacity) rows, product has \(m)")
  c.rows = m
  guard m > 0, n > 0 else { return }
  if k == 0 {  // BLAS leaves C untouched when k == 0; the answer is beta * C, and 0 for beta = 0 (C unread).
    if beta == 0 { c.fill(0) } else { for i in 0..<c.count { c.storage[i] *= beta } }
    return
  }
  T.gemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
         alpha: alpha, a: a.storage, lda: max(1, a.columns),
         b: b.storage, ldb: max(1, b.columns),
         beta: beta, c: c.storage, ldc: max(1, c.columns))
}
