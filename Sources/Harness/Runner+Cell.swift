import Datasets
import TrainingCore

extension Runner {
  /// Runs one cell: train, probe, and return its record. Deterministic given the plan and key.
  public static func runCell(_ plan: ExperimentPlan, _ key: CellKey, train: Dataset, test: Dataset) throws -> CellRecord {
    // A tuning run is blind to the test set and runs no probes: it only scores its value on validation.
    let id = plan.experiment.id, probes = key.isTuning ? [] : plan.experiment.probes
    let started = ThreadCPUTime.now()
    var record = CellRecord(formatVersion: CellRecord.formatVersion, experiment: id, arm: key.arm.name,
                            seed: key.seed, fingerprint: plan.fingerprint(key),
                            status: "ok", divergedEpoch: nil, divergedStep: nil, epochs: [], probes: [:],
                            layerProbes: [], curveProbes: [:], seconds: 0, samplesPerSecond: 0)
    func finish(_ status: RunStatus, epochs: [EpochRecord], selectedEpoch: Int?, samplesPerSecond: Double) -> CellRecord {
      record.epochs = epochs
      record.selectedEpoch = selectedEpoch
      if case .diverged(let epoch, let step) = status {
        record.status = "diverged"
        record.divergedEpoch = epoch
        record.divergedStep = step
      }
      record.seconds = ThreadCPUTime.now() - started
      record.samplesPerSecond = samplesPerSecond
      record.provenance = .current
      return record
    }
    if let outcome = try plan.experiment.runCell(arm: key.arm, seed: key.seed, train: train, test: test) {
      record.probes = outcome.probes
      record.curveProbes = outcome.curveProbes
      return finish(outcome.status, epochs: outcome.epochs, selectedEpoch: outcome.selectedEpoch,
                    samplesPerSecond: outcome.samplesPerSecond)
    }
    let configuration = key.arm.configuration, experiment = plan.experiment
    // Paired experiments name the streams without the arm: every arm of a seed starts from the same
    // weights and sees the same data order (common random numbers).
    let streams = RunStreams(experiment: id, arm: experiment.pairsArms ? "paired" : key.arm.name, seed: key.seed)
    var data = try experiment.data(arm: key.arm, seed: key.seed, train: train, test: test)
      ?? TrainingData(configuration, train: train, test: test, streams: streams)
    if key.isTuning { data.test = nil }
    let trainer = try Trainer(configuration: configuration, data: data, streams: streams)
    Probes.atInitialization(probes, trainer: trainer, into: &record)
    let result = trainer.run(onEpoch: { _ in Probes.afterEpoch(probes, trainer: trainer, into: &record) })
    if result.status == .ok { Probes.atEnd(probes, trainer: trainer, into: &record) }
    record.probes.merge(experiment.scalars(arm: key.arm, epochs: result.epochs)) { _, derived in derived }
    return finish(result.status, epochs: result.epochs, selectedEpoch: result.selectedEpoch,
                  samplesPerSecond: result.samplesPerSecond)
  }
}
