import Statistics

/// The random draws behind a dropout mask, taken from the stream in blocks.
///
/// Each mask element takes one raw 32-bit draw, in row-major order; the element is kept when its draw is
/// below `keepThreshold` = floor((1 − p) 2³²), so P(keep) is 1 − p to within 2⁻³². Drawing one element at a
/// time called GSL from Swift per element, about 10 ns each: a third of a training step of the bench's
/// dropout net. One C call now fills a block of draws (`RandomStream.fillUInt32`), and the layer compares
/// them in a loop without calls. The draws and their order are unchanged, so masks are the same bytes.
final class MaskDraws {
  /// Draws per block: 4 KB, which stays in L1 between the fill and the comparisons.
  static var blockSize: Int { 1024 }

  /// floor((1 − p) 2³²); UInt64 so that p = 0 (2³²) keeps every element.
  let keepThreshold: UInt64
  private let block = UnsafeMutablePointer<UInt32>.allocate(capacity: MaskDraws.blockSize)

  init(dropRate: Double) {
    keepThreshold = UInt64((1 - dropRate) * 4_294_967_296)
  }

  deinit { block.deallocate() }

  /// Draws `count` elements' worth from `stream`, block by block: `body(start, draws, n)` gets the draws of
  /// elements start ..< start + n.
  @inline(__always)
  func forEachBlock(count: Int, from stream: RandomStream,
                    _ body: (_ start: Int, _ draws: UnsafePointer<UInt32>, _ n: Int) -> Void) {
    for start in stride(from: 0, to: count, by: Self.blockSize) {
      let n = min(Self.blockSize, count - start)
      stream.fillUInt32(block, count: n)
      body(start, block, n)
    }
  }
}
