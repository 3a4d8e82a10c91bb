import Harness
import TrainingCore

/// A two-arm experiment small enough for unit tests: a normal arm and one whose learning rate makes it
/// diverge, on the synthetic data of `writeSyntheticFashionMNIST`.
struct TinyExperiment: Experiment {
  let id = "tiny"
  let title = "A tiny experiment for tests"
  let claim = "The small net beats chance; the huge learning rate diverges."
  let source = "HarnessTests"
  let probes: [ProbeKind] = [.signalPropagation, .distinctUnits, .gradientRatioCurve]

  func seedCount(for profile: Profile) -> Int { 2 }

  func arms(for profile: Profile) -> [Arm] {
    let base = RunConfiguration(
      network: NetworkSpec(hidden: [16, 16], activation: .relu, initializer: .heNormal),
      optimizer: .momentum(0.9, nesterov: false), schedule: .fixed(Fixed(base: 0.05)),
      batchSize: 20, epochs: 2, trainSubset: 100)
    var diverging = base
    diverging.schedule = .fixed(Fixed(base: 1e7))
    return [Arm("normal", base, factors: [.init("lr", "0.05")]),
            Arm("diverging", diverging, factors: [.init("lr", "1e7")])]
  }

  let subClaims: [SubClaim] = [
    SubClaim("a", "The normal arm beats the diverging one",
             rules: [.beats("normal", ["diverging"], metric: .finalTestAccuracy)]),
  ]
}
