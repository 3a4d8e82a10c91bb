// Holm adjustment on examples worked by hand (and matching R's p.adjust(p, "holm")).
import Testing
@testable import Statistics

@Suite struct HolmCorrectionTests {
  // Sorted: 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → running max 0.06.
  // Back in the input order: [0.03, 0.06, 0.06, 0.02].
  @Test func fourPValuesMatchHandComputation() {
    let adjusted = HolmCorrection.adjust([0.01, 0.04, 0.03, 0.005])
    let expected = [0.03, 0.06, 0.06, 0.02]
    // Each value is one multiplication of a short decimal: a few ulps at most.
    #expect(zip(adjusted, expected).allSatisfy { isClose($0, $1, tolerance: 1e-15) }, "\(adjusted)")
  }

  // Sorted: 0.01·3 = 0.03, 0.4·2 = 0.8, 0.9·1 = 0.9. The largest raw p is not multiplied at all.
  @Test func largestPValueIsOnlyMadeMonotone() {
    let adjusted = HolmCorrection.adjust([0.4, 0.9, 0.01])
    #expect(zip(adjusted, [0.8, 0.9, 0.03]).allSatisfy { isClose($0, $1, tolerance: 1e-15) }, "\(adjusted)")
  }

  // 0.5·2 = 1.0 and max(1.0, 0.6) = 1.0: capped at 1, never above.
  @Test func adjustedPValuesAreCappedAtOne() {
    #expect(HolmCorrection.adjust([0.6, 0.5]) == [1, 1])
    #expect(HolmCorrection.adjust([0.7, 0.8, 0.9]) == [1, 1, 1])
  }

  // Ties get the same adjusted value whichever is sorted first: 0.02·3 = 0.06, max(0.06, 0.02·2) = 0.06.
  @Test func tiedPValuesGetEqualAdjustments() {
    let adjusted = HolmCorrection.adjust([0.02, 0.5, 0.02])
    #expect(adjusted[0] == adjusted[2])
    #expect(isClose(adjusted[0], 0.06, tolerance: 1e-15))
    #expect(adjusted[1] == 0.5)
  }

  // NaN passes through and is not counted: m = 2, so 0.01·2 = 0.02 and 0.04·1 = 0.04.
  // Negative control: counting the NaN in m would give 0.03 for the first value.
  @Test func nanPValuesPassThroughAndDoNotCountInM() {
    let adjusted = HolmCorrection.adjust([0.01, .nan, 0.04])
    #expect(isClose(adjusted[0], 0.02, tolerance: 1e-15))
    #expect(adjusted[1].isNaN)
    #expect(isClose(adjusted[2], 0.04, tolerance: 1e-15))
    #expect(HolmCorrection.adjust([.nan])[0].isNaN)
  }

  @Test func singleAndEmptyInputsAreUnchanged() {
    #expect(HolmCorrection.adjust([]) == [])
    #expect(HolmCorrection.adjust([0.03]) == [0.03])
  }
}
