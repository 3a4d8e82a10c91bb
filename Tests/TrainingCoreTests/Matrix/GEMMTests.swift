import Statistics
import Testing
import TrainingCore
import _TestSupport

/// Every transpose combination of the BLAS wrapper against the naive triple loop, in both precisions.
@Suite struct GEMMTests {
  static let combinations = [(false, false), (false, true), (true, false), (true, true)]

  func check<T: Scalar>(_: T.Type, transposeA: Bool, transposeB: Bool, tolerance: T) {
    let stream = RandomStream("tests", "gemm", "\(T.self)", "\(transposeA)", "\(transposeB)")
    let (m, k, n) = (5, 7, 3)
    let a: Matrix<T> = transposeA ? randomMatrix(k, m, stream: stream) : randomMatrix(m, k, stream: stream)
    let b: Matrix<T> = transposeB ? randomMatrix(n, k, stream: stream) : randomMatrix(k, n, stream: stream)
    let c = Matrix<T>(rows: m, columns: n)
    gemm(a, b, transposeA: transposeA, transposeB: transposeB, into: c)
    let expected = naiveMatrixProduct(a, transposeA: transposeA, b, transposeB: transposeB)
    for i in 0..<m {
      for j in 0..<n {
        #expect(isClose(c[i, j], expected[i][j], relative: tolerance, absolute: tolerance),
                "C[\(i),\(j)] = \(c[i, j]), naive \(expected[i][j]) (transposeA \(transposeA), transposeB \(transposeB))")
      }
    }
  }

  @Test(arguments: combinations)
  func doubleMatchesNaive(_ flags: (Bool, Bool)) {
    check(Double.self, transposeA: flags.0, transposeB: flags.1, tolerance: 1e-12)
  }

  @Test(arguments: combinations)
  func floatMatchesNaive(_ flags: (Bool, Bool)) {
    check(Float.self, transposeA: flags.0, transposeB: flags.1, tolerance: 1e-5)
  }

  @Test func alphaAndBetaAccumulate() {
    let a = Matrix<Double>(rows: 1, columns: 2, values: [1, 2])
    let b = Matrix<Double>(rows: 2, columns: 1, values: [3, 4])
    let c = Matrix<Double>(rows: 1, columns: 1, values: [10])
    gemm(a, b, into: c, alpha: 2, beta: 0.5)  // 2 * 11 + 0.5 * 10
    #expect(c[0, 0] == 27)
  }

  /// With an empty inner dimension A·B is zero, so C becomes beta·C, and 0 for beta = 0 whatever C held
  /// (BLAS's convention that C is not read then): a weight gradient over an empty batch is zero.
  @Test func anEmptyInnerDimensionGivesBetaTimesC() {
    let a = Matrix<Double>(rows: 2, columns: 0), b = Matrix<Double>(rows: 0, columns: 3)
    let c = Matrix<Double>(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, .nan])
    gemm(a, b, into: c, beta: 0.5)
    #expect(c.values[0..<5] == [0.5, 1, 1.5, 2, 2.5] && c.values[5].isNaN)
    gemm(a, b, into: c)
    #expect(c.values == [0, 0, 0, 0, 0, 0])
  }

  @Test func smallerBatchUsesFewerRows() {
    let a = Matrix<Double>(rows: 4, columns: 2)
    a.rows = 2
    a.buffer.initialize(repeating: 1)
    let b = Matrix<Double>(rows: 2, columns: 3, values: [1, 2, 3, 4, 5, 6])
    let c = Matrix<Double>(rows: 4, columns: 3)
    gemm(a, b, into: c)
    #expect(c.rows == 2)
    #expect(c.values == [5, 7, 9, 5, 7, 9])
  }
}
