// Power, seeds and minimum detectable effect of one-sided t tests against statsmodels 0.15.0
// (scipy 1.17.1). Reference calls, with d = effect / standardDeviation:
//   paired:    TTestPower().power(effect_size=d, nobs=n, alpha=a, alternative='larger')
//   twoSample: TTestIndPower().power(effect_size=d, nobs1=n, ratio=1, alpha=a, alternative='larger')
//   seeds:     the first n in range(3, 31) whose power above is >= 0.8, else 30
//   effect:    scipy.optimize.brentq(lambda d: power(d) - 0.8, 0.01, 10, xtol=1e-14, rtol=1e-14)
//              (statsmodels' own solve_power stops ~1e-6 away in power, too loose to test against)
import Testing
@testable import Statistics

@Suite struct TTestPowerTests {
  // The noncentral t series is good to ~1e-12 absolute; 1e-9 leaves room for GSL's versus scipy's
  // critical value. The effect inherits that error divided by the slope of the power curve: 1e-8.
  static let powerTolerance = 1e-9
  static let effectTolerance = 1e-8

  // (d, n, alpha, statsmodels power). The sd is 2 here and the effect 2d, so only their ratio matters.
  @Test(arguments: [(0.5, 10, 0.05, 0.4272898267711782), (1.2, 5, 0.05, 0.7119106100631851),
                    (0.8, 20, 0.01, 0.8393108030561691), (-0.3, 8, 0.05, 0.007798872757100783),
                    (2.0, 3, 0.05, 0.7121592030328323)])
  func pairedPowerMatchesStatsmodels(d: Double, n: Int, alpha: Double, expected: Double) {
    let power = TTestPower.power(effect: 2 * d, standardDeviation: 2, n: n, alpha: alpha, design: .paired)
    #expect(isClose(power, expected, tolerance: Self.powerTolerance))
  }

  @Test(arguments: [(0.8, 15, 0.05, 0.6888567194839921), (0.3, 30, 0.01, 0.11675827696299879),
                    (1.5, 4, 0.05, 0.5913643715445486), (0.5, 10, 0.05, 0.28476349135125045)])
  func twoSamplePowerMatchesStatsmodels(d: Double, n: Int, alpha: Double, expected: Double) {
    let power = TTestPower.power(effect: 0.01 * d, standardDeviation: 0.01, n: n, alpha: alpha,
                                 design: .twoSample)
    #expect(isClose(power, expected, tolerance: Self.powerTolerance))
  }

  // At the same d the paired design needs fewer seeds: n differences give δ = d√n, against d√(n/2) per arm.
  // statsmodels: d = 1 → 8 paired (power 0.754 at 7, 0.815 at 8), 14 per arm; d = 0.5 → 27 and 30
  // (0.606 < 0.8 at 30, i.e. the cap); d = 0.2 → the cap; d = 2.5 → the minimum 3 (0.42 at n = 2).
  @Test(arguments: [(1.0, 8, 14), (0.5, 27, 30), (0.2, 30, 30), (2.5, 3, 3)])
  func seedsMatchStatsmodelsSearch(d: Double, paired: Int, twoSample: Int) {
    #expect(TTestPower.seeds(effect: d, standardDeviation: 1, alpha: 0.05, design: .paired) == paired)
    #expect(TTestPower.seeds(effect: d, standardDeviation: 1, alpha: 0.05, design: .twoSample) == twoSample)
  }

  @Test func seedsHonoursMinimumAndCap() {
    #expect(TTestPower.seeds(effect: 2.5, standardDeviation: 1, alpha: 0.05, design: .paired, minimum: 2) == 3)
    #expect(TTestPower.seeds(effect: 10, standardDeviation: 1, alpha: 0.05, design: .paired, minimum: 5) == 5)
    #expect(TTestPower.seeds(effect: 1, standardDeviation: 1, alpha: 0.05, design: .paired, cap: 6) == 6)
  }

  // (n, alpha, paired d, twoSample d) for power 0.8; the sd is 3, so the effect is 3d.
  @Test(arguments: [(10, 0.05, 0.8528375122385511, 1.1562971437059888),
                    (5, 0.01, 2.1803324124021297, 2.427223887742741),
                    (25, 0.05, 0.5119391603919066, 0.7134104728138025)])
  func minimumDetectableEffectMatchesStatsmodelsRoot(n: Int, alpha: Double, paired: Double, twoSample: Double) {
    let mdePaired = TTestPower.minimumDetectableEffect(standardDeviation: 3, n: n, alpha: alpha, design: .paired)
    let mdeTwo = TTestPower.minimumDetectableEffect(standardDeviation: 3, n: n, alpha: alpha, design: .twoSample)
    #expect(isClose(mdePaired, 3 * paired, tolerance: Self.effectTolerance))
    #expect(isClose(mdeTwo, 3 * twoSample, tolerance: Self.effectTolerance))
    #expect(isClose(TTestPower.power(effect: mdePaired, standardDeviation: 3, n: n, alpha: alpha, design: .paired),
                    0.8, tolerance: 1e-10))
  }

  // At effect 0 a one-sided test rejects with probability α; power grows with n.
  @Test(arguments: [TTestPower.Design.paired, .twoSample])
  func powerIsAlphaAtZeroEffectAndGrowsWithSeeds(design: TTestPower.Design) {
    #expect(isClose(TTestPower.power(effect: 0, standardDeviation: 1, n: 9, alpha: 0.05, design: design),
                    0.05, tolerance: 1e-12))
    let powers = (3...12).map { TTestPower.power(effect: 0.7, standardDeviation: 1, n: $0, alpha: 0.05, design: design) }
    #expect(zip(powers, powers.dropFirst()).allSatisfy { $0 < $1 })
  }

  @Test func degenerateInputs() {
    #expect(TTestPower.power(effect: 1, standardDeviation: 1, n: 1, alpha: 0.05, design: .paired).isNaN)
    #expect(TTestPower.power(effect: 1, standardDeviation: -1, n: 5, alpha: 0.05, design: .paired).isNaN)
    #expect(TTestPower.power(effect: 1, standardDeviation: 1, n: 5, alpha: 0, design: .paired).isNaN)
    #expect(TTestPower.power(effect: 0.1, standardDeviation: 0, n: 5, alpha: 0.05, design: .twoSample) == 1)
    #expect(TTestPower.minimumDetectableEffect(standardDeviation: 1, n: 1, alpha: 0.05, design: .paired).isNaN)
    #expect(TTestPower.minimumDetectableEffect(standardDeviation: 1, n: 5, alpha: 0.05, power: 0.04,
                                               design: .paired) == 0)
  }
}
