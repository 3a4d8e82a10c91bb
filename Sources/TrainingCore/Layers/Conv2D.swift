/// A 2-D convolution (cross-correlation, as in every framework) with k x k kernels, a stride and zero
/// padding, on NHWC feature maps (`ImageShape`):
///
///     y[n, oh, ow, f] = b[f] + Σ_{kh, kw, c} W[f, (kh k + kw) C + c] · x[n, oh s − p + kh, ow s − p + kw, c]
///
///     x: (batch, H W C)   W: (F, k k C)   b: (1, F)   y: (batch, H' W' F)   H' = floor((H + 2p − k) / s) + 1
///
/// W is stored (out, in) as in `Dense`: row f holds filter f's weights in (kh, kw, c) order, the order of
/// a patch row (`PatchGeometry`), so with P the patch matrix of the batch, (batch H' W', k k C):
///
///     forward:  y = P Wᵀ + b          (one GEMM; its (batch H' W', F) result is the NHWC output)
///     backward: dW = dyᵀ P      db = Σ_rows dy      dP = dy W      dx = col2im(dP)
///
/// with dy viewed as (batch H' W', F) (the same memory). These are `Dense`'s three products with the
/// patch rows as inputs, on BLAS with transpose flags.
///
/// Why im2col plus GEMM: at the widths the experiments use (3 x 3 kernels, 16 to 64 channels) nearly all
/// the arithmetic is in the GEMMs, which OpenBLAS runs near its peak, while a direct convolution would
/// have to be hand-vectorized per kernel size to compete. The costs of im2col are the copies and the
/// patch matrix's k² blow-up of memory; both are tamed by running the batch in *chunks* of examples
/// whose patch matrix stays in the L2 cache (`chunkExamples`, about 256 KB of patches): each chunk is
/// copied and immediately consumed by its GEMM, so the patches never travel to memory. The backward pass
/// rebuilds each chunk's patches rather than keeping the whole batch's from the forward pass: a copy of
/// cache-resident data is cheaper than writing and re-reading k² times the input through memory, and the
/// layer's memory stays one chunk, not k² activations of an evaluation batch. The weight gradient
/// accumulates over chunks (GEMM with beta = 1); dP of a chunk overwrites its patches (already used for
/// dW) and is scattered by col2im at once.
///
/// The first layer of a Fashion-MNIST net has C = 1: its patch rows are k² = 9 values, and im2col's
/// copies of one kernel row (3 values each) cost more than its GEMMs. Such layers keep the patches
/// transposed, Pᵀ (k k C, chunk rows), where the copies are whole image rows (`PatchGeometry.transposed`);
/// the products are the same with the transpose flags of P flipped (dP is computed as dPᵀ = Wᵀ dyᵀ).
///
/// A max-pool after the layer (through a ReLU it does the work of, `MaxPool2D.rectifiesInput`) can run
/// on each chunk of the output right after its GEMM (`chunkPool`, set by `Network`), while the chunk is in
/// the cache: read after the whole batch, the first layer's 6.4 MB output comes back from memory. (The
/// same for the backward pass, unpooling each chunk of dy just before its bias sums and dW GEMM, measured
/// 0-6% faster, median under 3%: not done, see docs/performance.md.)
///
/// Allocation: `reserve(batchSize:)` allocates the output, the input gradient and one chunk of patches;
/// `forward` and `backward` allocate nothing.
public final class Conv2D<T: Scalar>: Layer {
  public let inputShape: ImageShape
  public let outputShape: ImageShape
  public let kernel: Int
  public let stride: Int
  public let padding: Int
  /// (filters, k k C), a filter per row in (kh, kw, c) order.
  public internal(set) var weight: Parameter<T>
  /// (1, filters); nil for a layer without bias.
  public internal(set) var bias: Parameter<T>?
  public var computesInputGradient = true
  public var inputWidth: Int { inputShape.count }
  public var outputWidth: Int { outputShape.count }
  public var filters: Int { outputShape.channels }
  /// The fan-in and fan-out an initializer uses: k k C inputs reach each output, k k F outputs read each
  /// input (PyTorch's `_calculate_fan_in_and_fan_out` for a conv weight).
  public var fanIn: Int { kernel * kernel * inputShape.channels }
  public var fanOut: Int { kernel * kernel * outputShape.channels }
  public var name: String {
    "conv\(kernel)x\(kernel)(\(inputShape)->\(outputShape)"
      + (stride == 1 ? "" : ", stride \(stride)") + (padding == 0 ? "" : ", padding \(padding)") + ")"
  }
  public var parameters: [Parameter<T>] { bias.map { [weight, $0] } ?? [weight] }

  /// Examples per chunk of the batch (see the type's comment), fixed by the layer's shape. Settable for
  /// measurements; other values give the same numbers to rounding (OpenBLAS blocks products of other row
  /// counts differently), not the same bits.
  public var chunkExamples: Int {
    didSet {
      precondition(chunkExamples >= 1, "a chunk holds at least one example")
      if reservedBatch > 0 { reserveScratch() }
    }
  }
  /// Patch elements per chunk that the default `chunkExamples` aims at: 64 Ki values, 256 KB in Float.
  public static var chunkElements: Int { 1 << 16 }

  let geometry: PatchGeometry
  var output = Matrix<T>(rows: 0, columns: 0)         // y: (batch, H' W' F)
  var inputGradient = Matrix<T>(rows: 0, columns: 0)  // dx: (batch, H W C)
  private var patches = Matrix<T>(rows: 0, columns: 0) // P or dP of one chunk: (chunk H' W', k k C), or Pᵀ
  private unowned(unsafe) var input: Matrix<T>? = nil  // x of the last forward (the previous layer's)
  private var reservedBatch = 0
  /// The max-pool that pools each chunk of the output during `forward` (see the type's comment).
  var chunkPool: MaxPool2D<T>? = nil

  /// Weights and bias start at zero: a `Network` runs its initializer over them.
  /// - Precondition: positive sizes, padding < kernel, and an output of at least 1 x 1.
  public init(input: ImageShape, filters: Int, kernel: Int, stride: Int = 1, padding: Int = 0, bias hasBias: Bool = true) {
    precondition(input.height > 0 && input.width > 0 && input.channels > 0 && filters > 0, "conv layer needs positive sizes")
    precondition(kernel > 0 && stride > 0 && padding >= 0 && padding < kernel, "conv layer: kernel \(kernel), stride \(stride), padding \(padding)")
    let height = ImageShape.outputSize(input.height, kernel: kernel, stride: stride, padding: padding)
    let width = ImageShape.outputSize(input.width, kernel: kernel, stride: stride, padding: padding)
    precondition(height > 0 && width > 0, "a \(kernel)x\(kernel) kernel does not fit a \(input) input with padding \(padding)")
    inputShape = input
    outputShape = ImageShape(height: height, width: width, channels: filters)
    self.kernel = kernel
    self.stride = stride
    self.padding = padding
    geometry = PatchGeometry(input: input, output: outputShape, kernel: kernel, stride: stride, padding: padding)
    weight = Parameter(name: "weight", rows: filters, columns: kernel * kernel * input.channels, decays: true)
    bias = hasBias ? Parameter(name: "bias", rows: 1, columns: filters, decays: false) : nil
    chunkExamples = max(1, Self.chunkElements / (outputShape.positions * kernel * kernel * input.channels))
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: outputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
    reservedBatch = batchSize
    reserveScratch()
  }

  private func reserveScratch() {
    patches = Matrix(rows: min(chunkExamples, max(1, reservedBatch)) * outputShape.positions, columns: geometry.patchLength)
  }

  /// Writes the patches of examples `start ..< start + count` of `x`: P, or Pᵀ with row stride `rows`.
  @inline(__always)
  private func fillPatches(_ x: Matrix<T>, start: Int, count: Int) {
    if geometry.transposed {
      geometry.im2colTransposed(x.storage + start * inputWidth, examples: count, into: patches.storage)
    } else {
      geometry.im2col(x.storage + start * inputWidth, examples: count, into: patches.storage)
    }
  }

  /// The chunks of a batch of `rows` examples: (first example, examples).
  @inline(__always)
  private func forEachChunk(rows: Int, _ body: (Int, Int) -> Void) {
    let chunk = min(chunkExamples, max(1, reservedBatch))
    var start = 0
    while start < rows {
      body(start, min(chunk, rows - start))
      start += chunk
    }
  }

  /// y = P Wᵀ + b, chunk by chunk.
  @_specialize(where T == Float)
  public func forward(_ x: Matrix<T>, phase: Phase) -> Matrix<T> {
    precondition(x.columns == inputWidth && x.rows <= output.capacity, "\(name) cannot take a (\(x.rows), \(x.columns)) batch")
    input = x
    output.rows = x.rows
    let positions = outputShape.positions, f = filters, length = geometry.patchLength
    let w = weight.value.storage, p = patches.storage
    forEachChunk(rows: x.rows) { start, count in
      fillPatches(x, start: start, count: count)
      let y = output.storage + start * outputWidth, rows = count * positions
      let ldp = geometry.transposed ? rows : length  // P as stored: (rows, length) or Pᵀ (length, rows)
      var beta = T.zero
      if let bias {  // the bias first, then the product added onto it
        let b = bias.value.storage
        for row in 0..<rows { (y + row * f).update(from: b, count: f) }
        beta = 1
      }
      T.gemm(transposeA: geometry.transposed, transposeB: true, m: rows, n: f, k: length, alpha: 1, a: p, lda: ldp,
             b: w, ldb: length, beta: beta, c: y, ldc: f)
      chunkPool?.pool(output, examples: start..<(start + count))
    }
    return output
  }

  /// dW = Σ_chunks dyᵀ P      db = Σ_rows dy      dx = col2im(dy W), chunk by chunk.
  @_specialize(where T == Float)
  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    guard let x = input else { preconditionFailure("Conv2D.backward before forward") }
    precondition(dy.columns == outputWidth && dy.rows == x.rows, "\(name).backward got a (\(dy.rows), \(dy.columns)) gradient")
    let positions = outputShape.positions, f = filters, length = geometry.patchLength
    let w = weight.value.storage, dw = weight.gradient.storage, p = patches.storage
    if let bias {
      let db = bias.gradient.storage, g = dy.storage
      db.update(repeating: 0, count: f)
      for row in 0..<(dy.rows * positions) {
        let gRow = g + row * f
        for j in 0..<f { db[j] += gRow[j] }
      }
    }
    if computesInputGradient {
      inputGradient.rows = x.rows
      inputGradient.fill(0)
    }
    var first = true
    forEachChunk(rows: x.rows) { start, count in
      let rows = count * positions, g = dy.storage + start * outputWidth
      let ldp = geometry.transposed ? rows : length
      fillPatches(x, start: start, count: count)
      T.gemm(transposeA: true, transposeB: geometry.transposed, m: f, n: length, k: rows, alpha: 1, a: g, lda: f,
             b: p, ldb: ldp, beta: first ? 0 : 1, c: dw, ldc: length)
      first = false
      guard computesInputGradient else { return }
      let dx = inputGradient.storage + start * inputWidth
      if geometry.transposed {  // dPᵀ = Wᵀ dyᵀ
        T.gemm(transposeA: true, transposeB: true, m: length, n: rows, k: f, alpha: 1, a: w, lda: length,
               b: g, ldb: f, beta: 0, c: p, ldc: rows)
        geometry.col2imTransposed(p, examples: count, into: dx)
      } else {
        T.gemm(transposeA: false, transposeB: false, m: rows, n: length, k: f, alpha: 1, a: g, lda: f,
               b: w, ldb: length, beta: 0, c: p, ldc: length)
        geometry.col2im(p, examples: count, into: dx)
      }
    }
    if first { weight.gradient.fill(0) }  // an empty batch
    return computesInputGradient ? inputGradient : dy
  }
}
