import COpenBLAS
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// The element types the core runs on: `Float` for experiments, `Double` for gradient checks.
///
/// Each requirement is a thin call into libm or OpenBLAS, so generic layer code stays readable while the
/// arithmetic runs at native speed once the compiler specializes it for `Float`.
public protocol Scalar: BinaryFloatingPoint, Sendable, Codable, CustomStringConvertible
where Self.RawSignificand: FixedWidthInteger {
  static func exp(_ x: Self) -> Self
  static func log(_ x: Self) -> Self
  static func log1p(_ x: Self) -> Self
  static func tanh(_ x: Self) -> Self
  static func erf(_ x: Self) -> Self
  static func sqrt(_ x: Self) -> Self
  static func pow(_ x: Self, _ y: Self) -> Self

  /// Row-major C = alpha * op(A) * op(B) + beta * C, straight into `cblas_sgemm` / `cblas_dgemm`.
  /// op(A) is (m, k), op(B) is (k, n), C is (m, n); `lda`, `ldb`, `ldc` are the row strides as stored.
  static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                   alpha: Self, a: UnsafePointer<Self>, lda: Int,
                   b: UnsafePointer<Self>, ldb: Int,
                   beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)

  /// y += alpha * x over n contiguous elements, in `cblas_saxpy` / `cblas_daxpy`. OpenBLAS picks its
  /// kernel for the CPU at run time (AVX-512 here), where Swift's own loops are compiled for baseline
  /// x86-64 (SSE2); its kernels use fused multiply-adds, so results may differ from `y[i] += alpha * x[i]`
  /// in the last bit.
  static func axpy(n: Int, alpha: Self, x: UnsafePointer<Self>, y: UnsafeMutablePointer<Self>)
  /// x *= alpha over n contiguous elements, in `cblas_sscal` / `cblas_dscal` (one rounded product each).
  static func scal(n: Int, alpha: Self, x: UnsafeMutablePointer<Self>)
}

@inline(__always) private func cblasTranspose(_ t: Bool) -> CBLAS_TRANSPOSE {
  t ? CblasTrans : CblasNoTrans
}

extension Float: Scalar {
  @inline(__always) public static func exp(_ x: Float) -> Float { expf(x) }
  @inline(__always) public static func log(_ x: Float) -> Float { logf(x) }
  @inline(__always) public static func log1p(_ x: Float) -> Float { log1pf(x) }
  @inline(__always) public static func tanh(_ x: Float) -> Float { tanhf(x) }
  @inline(__always) public static func erf(_ x: Float) -> Float { erff(x) }
  @inline(__always) public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
  @inline(__always) public static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
  public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                          alpha: Float, a: UnsafePointer<Float>, lda: Int,
                          b: UnsafePointer<Float>, ldb: Int,
                          beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_sgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
                beta, c, blasint(ldc))
  }
  @inline(__always) public static func axpy(n: Int, alpha: Float, x: UnsafePointer<Float>, y: UnsafeMutablePointer<Float>) {
    cblas_saxpy(blasint(n), alpha, x, 1, y, 1)
  }
  @inline(__always) public static func scal(n: Int, alpha: Float, x: UnsafeMutablePointer<Float>) {
    cblas_sscal(blasint(n), alpha, x, 1)
  }
}

extension Double: Scalar {
  @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
  @inline(__always) public static func log(_ x: Double) -> Double { Glibc.log(x) }
  @inline(__always) public static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
  @inline(__always) public static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
  @inline(__always) public static func erf(_ x: Double) -> Double { Glibc.erf(x) }
  @inline(__always) public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
  @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
  public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                          alpha: Double, a: UnsafePointer<Double>, lda: Int,
                          b: UnsafePointer<Double>, ldb: Int,
                          beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    cblas_dgemm(CblasRowMajor, cblasTranspose(transposeA), cblasTranspose(transposeB),
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb),
                beta, c, blasint(ldc))
  }
  @inline(__always) public static func axpy(n: Int, alpha: Double, x: UnsafePointer<Double>, y: UnsafeMutablePointer<Double>) {
    cblas_daxpy(blasint(n), alpha, x, 1, y, 1)
  }
  @inline(__always) public static func scal(n: Int, alpha: Double, x: UnsafeMutablePointer<Double>) {
    cblas_dscal(blasint(n), alpha, x, 1)
  }
}
