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
}
