/// The patch geometry of a convolution in NHWC (`ImageShape`), and the two copies between images and
/// patch rows: im2col (image to patches, for the forward and the weight gradient) and col2im (patch
/// gradients added back onto the image, for the input gradient).
///
/// A patch row holds the k x k window of output position (oh, ow) in (kh, kw, c) order: k k C values,
/// the same order as a filter's row of `Conv2D.weight`. Window (oh, ow) starts at input row
/// oh stride − padding and column ow stride − padding; taps outside the image read zeros (zero padding).
/// Taps kw of one kernel row are adjacent input pixels whatever the stride, and in NHWC a pixel's C
/// channels are adjacent, so each kernel row of a patch is one contiguous run of up to k C values: one
/// `update(from:count:)` (a memcpy) per kernel row, plus zero fills at the borders.
///
/// Short kernel rows (k C < 8 values; 3 in the first layer of a Fashion-MNIST net, C = 1) make that a
/// call per 3 values, which costs more than the copy. Such layers store the patch matrix *transposed*
/// (`transposed`), (k k C, patch rows): row (kh, kw, c) of Pᵀ is, per output row, one input row read
/// at the tap's offset (contiguous for C = 1 and stride 1), so the copies are long runs again. The
/// GEMMs read Pᵀ through their transpose flags (`Conv2D`); `im2colTransposed` and `col2imTransposed`
/// build and scatter it.
struct PatchGeometry: Sendable {
  let input: ImageShape
  let output: ImageShape
  let kernel: Int
  let stride: Int
  let padding: Int

  /// k k C: the length of a patch row.
  var patchLength: Int { kernel * kernel * input.channels }
  /// Whether the layer keeps Pᵀ rather than P: kernel rows of k C < 8 values (see the type's comment).
  var transposed: Bool { kernel * input.channels < 8 }

  /// Writes the patch rows of `examples` consecutive images of `x` (H W C values each) to `patches`
  /// (examples H' W' rows of k k C values).
  @inline(__always)
  func im2col<T: Scalar>(_ x: UnsafePointer<T>, examples: Int, into patches: UnsafeMutablePointer<T>) {
    let c = input.channels, h = input.height, w = input.width, k = kernel
    let rowRun = k * c, length = patchLength
    var row = patches
    for example in 0..<examples {
      let image = x + example * input.count
      for oh in 0..<output.height {
        let ih0 = oh * stride - padding
        for ow in 0..<output.width {
          let iw0 = ow * stride - padding
          let low = max(0, -iw0), high = min(k, w - iw0)  // the taps kw inside the image
          for kh in 0..<k {
            let ih = ih0 + kh, target = row + kh * rowRun
            guard ih >= 0, ih < h, low < high else {
              target.update(repeating: 0, count: rowRun)
              continue
            }
            if low > 0 { target.update(repeating: 0, count: low * c) }
            (target + low * c).update(from: image + (ih * w + iw0 + low) * c, count: (high - low) * c)
            if high < k { (target + high * c).update(repeating: 0, count: (k - high) * c) }
          }
          row += length
        }
      }
    }
  }

  /// Adds the patch-row gradients of `examples` consecutive images onto their input gradients `dx` (which
  /// the caller has zeroed): the adjoint of `im2col`. Taps in the padding are dropped.
  @inline(__always)
  func col2im<T: Scalar>(_ patches: UnsafePointer<T>, examples: Int, into dx: UnsafeMutablePointer<T>) {
    let c = input.channels, h = input.height, w = input.width, k = kernel
    let rowRun = k * c, length = patchLength
    var row = patches
    for example in 0..<examples {
      let image = dx + example * input.count
      for oh in 0..<output.height {
        let ih0 = oh * stride - padding
        for ow in 0..<output.width {
          let iw0 = ow * stride - padding
          let low = max(0, -iw0), high = min(k, w - iw0)
          if low < high {
            for kh in 0..<k {
              let ih = ih0 + kh
              guard ih >= 0, ih < h else { continue }
              let source = row + kh * rowRun + low * c, target = image + (ih * w + iw0 + low) * c
              for i in 0..<((high - low) * c) { target[i] += source[i] }
            }
          }
          row += length
        }
      }
    }
  }

  /// The output columns ow whose tap kw reads inside the image (iw = ow s − padding + kw in 0 ..< W).
  @inline(__always)
  private func insideColumns(tap kw: Int) -> Range<Int> {
    let outW = output.width, s = stride
    let first = min(outW, max(0, (padding - kw + s - 1) / s))
    let last = input.width - 1 + padding - kw  // iw <= W - 1
    return first..<(last < 0 ? first : max(first, min(outW, last / s + 1)))
  }

  /// `im2col` into Pᵀ: (k k C, `rows`) values with row stride `rows` (the chunk's patch rows, examples
  /// H' W'). Row (kh, kw, c), output row oh of an example: input row ih = oh stride − padding + kh read
  /// at columns ow stride − padding + kw, zeros outside the image.
  @inline(__always)
  func im2colTransposed<T: Scalar>(_ x: UnsafePointer<T>, examples: Int, into patches: UnsafeMutablePointer<T>) {
    let c = input.channels, k = kernel, s = stride, outW = output.width, rows = examples * output.positions
    for example in 0..<examples {
      let image = x + example * input.count
      for oh in 0..<output.height {
        let column = (example * output.height + oh) * outW  // patch row of (oh, 0)
        for kh in 0..<k {
          let ih = oh * s - padding + kh, inside = ih >= 0 && ih < input.height
          for kw in 0..<k {
            let taps = inside ? insideColumns(tap: kw) : 0..<0
            for channel in 0..<c {
              let target = patches + ((kh * k + kw) * c + channel) * rows + column
              let source = image + ((ih * input.width - padding + kw) * c + channel)  // read for ow in taps only
              for ow in 0..<taps.lowerBound { target[ow] = 0 }
              if s * c == 1 {  // a contiguous run, which the compiler vectorizes; the general loop it does not
                for ow in taps { target[ow] = source[ow] }
              } else {
                for ow in taps { target[ow] = source[ow * s * c] }
              }
              for ow in taps.upperBound..<outW { target[ow] = 0 }
            }
          }
        }
      }
    }
  }

  /// The adjoint of `im2colTransposed`: adds Pᵀ's gradient (same layout) onto `dx` (zeroed by the caller).
  @inline(__always)
  func col2imTransposed<T: Scalar>(_ patches: UnsafePointer<T>, examples: Int, into dx: UnsafeMutablePointer<T>) {
    let c = input.channels, k = kernel, s = stride, outW = output.width, rows = examples * output.positions
    for example in 0..<examples {
      let image = dx + example * input.count
      for oh in 0..<output.height {
        let column = (example * output.height + oh) * outW
        for kh in 0..<k {
          let ih = oh * s - padding + kh
          guard ih >= 0 && ih < input.height else { continue }
          for kw in 0..<k {
            let taps = insideColumns(tap: kw)
            for channel in 0..<c {
              let source = patches + ((kh * k + kw) * c + channel) * rows + column
              let target = image + ((ih * input.width - padding + kw) * c + channel)
              if s * c == 1 {
                for ow in taps { target[ow] += source[ow] }
              } else {
                for ow in taps { target[ow * s * c] += source[ow] }
              }
            }
          }
        }
      }
    }
  }
}
