import Foundation
@testable import Report

/// The files issue #18 adds to a results folder, written by hand in the harness's format: subclaims.csv
/// (one row per sub-claim), tuning.csv (one row per tuning run) and the manifest's verdict and timings.
extension ReportFixtures {
  /// Four sub-claims, one of each outcome plus an inconclusive one without numbers. Sub-claim b's
  /// statement has commas and quotes (RFC 4180 quoting); c is in the metric's own unit (loss).
  static let subClaimsCSV = """
    sub_claim,statement,outcome,metric,effect,ci_low,ci_high,unit,smallest_effect,p_adjusted,seeds,min_detectable_effect,tuned,budget,converged
    a,relu-a-d8 beats tanh-a-d8,supported,final_test_accuracy,1.234,0.801,1.662,points,0.5,0.0012,3,0.9,learning rate per arm (5-point grid),"to a validation plateau (patience 5, at most 60 epochs)",5/6
    b,"depth 8 beats depth 2, at every width, ""wide"" or not",contradicted,final_test_accuracy,-0.5,-0.91,-0.12,points,0.5,0.02,3,0.9,no,3 epochs,
    c,relu-b-d4 has the lower test loss,inconclusive,final_test_loss,0.0123,-0.008,0.0321,loss,0.01,0.4,3,0.0456,no,3 epochs,
    d,relu-a-d2 beats the threshold,inconclusive,final_test_accuracy,,,,points,,,3,,no,3 epochs,

    """

  /// 720.4 CPU seconds in all: "12 min".
  static let manifestJSON = """
    {"cellSecondsTotal": 600.4, "experiment": "synthetic-depth", "profile": "full", "seeds": [0, 1, 2],
     "tuningSecondsTotal": 120, "verdict": "mixed"}

    """

  static let tuningGrid = [0.01, 0.03, 0.1, 0.3, 1.0]

  /// The grid position each arm's validation accuracy peaks at (and selects): arm index mod 5.
  static func tuningPeak(_ armIndex: Int) -> Int { armIndex % tuningGrid.count }

  /// One row per (arm, learning rate, seed 0 and 1): validation accuracy 0.8 − 0.05·(i − peak)² + 0.001·seed
  /// at grid position i. Seed 1 diverges (empty accuracy) at 1.0 for every arm, seed 0 too for arm 0,
  /// whose point at 1.0 is therefore not drawn. Arms peaking at the top of the grid had it extended to
  /// 3.0 (`extended`); arms peaking at its bottom are `flagged`.
  static func tuningCSV(arms: [String]) -> String {
    var lines = ["arm,parameter,value,seed,validation_accuracy,selected,edge"]
    for (armIndex, arm) in arms.enumerated() {
      let peak = tuningPeak(armIndex)
      let edge = peak == tuningGrid.count - 1 ? "extended" : (peak == 0 ? "flagged" : "none")
      let grid = tuningGrid + (edge == "extended" ? [3.0] : [])
      for (position, value) in grid.enumerated() {
        for seed in 0..<2 {
          let diverged = value == 1.0 && (seed == 1 || armIndex == 0)
          let score = 0.8 - 0.05 * Double((position - peak) * (position - peak)) + 0.001 * Double(seed)
          lines.append("\(arm),learning_rate,\(value),\(seed),\(diverged ? "" : String(score)),"
            + "\(position == peak),\(edge)")
        }
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
