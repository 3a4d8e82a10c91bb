@testable import Harness
import Testing
import TrainingCore

/// A cell's fingerprint changes with everything that changes its numbers, the naming of its random
/// streams included: a paired experiment gives every arm of a seed the same initial weights and data
/// order, an unpaired one gives each arm its own, so a record of one must not pass for the other.
@Suite struct FingerprintTests {
  @Test func pairingChangesTheFingerprint() throws {
    let arm = try #require(TinyExperiment().arms(for: .quick).first)
    let key = CellKey(arm: arm, seed: 0)
    let paired = key.fingerprint(experiment: "tiny", probes: [], pairsArms: true)
    let unpaired = key.fingerprint(experiment: "tiny", probes: [], pairsArms: false)
    #expect(paired != unpaired)
    #expect(paired == key.fingerprint(experiment: "tiny", probes: [], pairsArms: true), "stable")
    var other = arm.configuration
    other.epochs += 1
    #expect(CellKey(arm: Arm(arm.name, other), seed: 0).fingerprint(experiment: "tiny", probes: [], pairsArms: true)
            != paired, "the negative control: another configuration changes it too")
  }
}
