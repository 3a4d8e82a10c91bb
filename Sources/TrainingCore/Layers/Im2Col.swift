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
struct PatchGeometry: Sendable {
  let input: ImageShape
  let output: ImageShape
  let kernel: Int
  let stride: Int
  let padding: Int

  /// k k C: the length of a patch row.
  var patchLength: Int { kernel * kernel * input.channels }

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
}
