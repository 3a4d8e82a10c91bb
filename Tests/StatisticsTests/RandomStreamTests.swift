import Testing
@testable import Statistics

@Suite struct RandomStreamTests {
  @Test func shuffleIsAPermutation() {
    var indices = Array(0..<10_000)
    RandomStream("statistics-tests", "shuffle").shuffle(&indices)
    #expect(indices != Array(0..<10_000))
    #expect(indices.sorted() == Array(0..<10_000))
  }

  /// The permutation of a fixed stream is pinned: a change to the draws fails here, not silently in
  /// results/.
  @Test func shuffleOfANamedStreamIsPinned() {
    var indices = Array(0..<10)
    RandomStream("statistics-tests", "shuffle").shuffle(&indices)
    #expect(indices == Self.pinnedPermutation)
  }

  /// The bulk fill (one C loop, for dropout masks) must hand out exactly the draws that one call per
  /// draw would, and leave the stream where those calls would: dropout results depend on both.
  @Test func bulkDrawsEqualOneDrawAtATime() {
    let bulk = RandomStream("statistics-tests", "bulk"), single = RandomStream("statistics-tests", "bulk")
    let count = 3_001
    let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: count)
    defer { buffer.deallocate() }
    bulk.fillUInt32(buffer, count: count)
    let expected = (0..<count).map { _ in single.nextUInt32() }
    #expect(Array(UnsafeBufferPointer(start: buffer, count: count)) == expected)
    #expect(Set(expected).count > count - 5, "the draws should not repeat")
    #expect(bulk.nextUInt32() == single.nextUInt32())
  }

  static let pinnedPermutation = [2, 5, 3, 7, 9, 1, 6, 8, 0, 4]

}
