@testable import LRRangeTest
import Foundation
import Harness
import Testing
import _TestSupport

/// `Verification.committedCells` lists every record the runner reads, pilot runs included
/// (`Experiment.pilotArms`: lr-range-test's range test on the tuning seeds, whose spread feeds the seed
/// choice), so that none of them passes for a stray file.
@Suite struct VerificationPilotTests {
  @Test func pilotRunsAreCommittedCellsNotStrayFiles() throws {
    let data = try makeTemporaryDirectory("verify-pilot-data")
    try writeSyntheticFashionMNIST(to: data, trainCount: 1200, testCount: 100)  // the quick profile's subsets
    let out = try makeTemporaryDirectory("verify-pilot-results")
    let plan = ExperimentPlan(LRRangeTest(), profile: .quick)
    try Runner(options: .init(outputRoot: out, jobs: 1, dataDirectory: data), log: { _ in }).run([plan])
    let (cells, unusable) = Verification.committedCells(plan, in: out)
    #expect(unusable.isEmpty)
    let pilots = cells.filter { $0.key.arm.name == LRRangeTest.rangeTestArm && $0.key.isTuning }
    #expect(!pilots.isEmpty && pilots.count == plan.pilotKeys.count, "every pilot run is listed")
    #expect(Verification.strayCellFiles(plan, in: out, cells: cells, unusable: unusable).isEmpty)
    // The negative control: a file no plan reads is stray.
    let stray = out + "/" + plan.experiment.id + "/cells/no-such-arm__seed-0.json"
    try Data("{}".utf8).write(to: URL(fileURLWithPath: stray))
    #expect(Verification.strayCellFiles(plan, in: out, cells: cells, unusable: unusable) == ["cells/no-such-arm__seed-0.json"])
  }
}
