// Evaluation in the inference phase: whole sets, batch by batch, and the record of an epoch.

extension Trainer {
  /// Mean loss and accuracy (NaN for a regression) over a whole set in the inference phase.
  public func evaluate(_ set: any ExampleSet) -> (loss: Double, accuracy: Double) {
    var totalLoss = 0.0, correct = 0
    forEachEvaluationBatch(set) { output, targets in
      totalLoss += Double(objective.loss(output, targets: targets, gradient: nil)) * Double(output.rows)
      correct += objective.correct(output, targets: targets)
    }
    return (totalLoss / Double(set.count), objective.accuracy(correct: correct, of: set.count))
  }

  /// Runs `set` through the network in the inference phase, in order, and hands each batch's outputs and
  /// targets to `body`.
  public func forEachEvaluationBatch(_ set: any ExampleSet, _ body: (Matrix<Float>, Targets) -> Void) {
    var start = 0
    while start < set.count {
      let count = min(data.evaluationBatchSize, set.count - start)
      batches.load(set, start: start, count: count)
      body(network.forward(input, phase: .inference), targets)
      start += count
    }
  }

  /// The record of an epoch that has just trained: its pass and the evaluations after it.
  func measure(epoch: Int, _ pass: EpochPass) -> EpochRecord {
    let (testLoss, testAccuracy) = evaluatesTestEveryEpoch ? data.test.map { evaluate($0) } ?? (.nan, .nan)
      : (.nan, .nan)
    let held = data.validation.map { evaluate($0) }
    let (trainLoss, trainAccuracy) = data.measuresTrainingSet ? evaluate(data.train)
      : (pass.lossSum / Double(pass.steps),
         objective.accuracy(correct: pass.correct, of: pass.steps * configuration.batchSize))
    return EpochRecord(epoch: epoch, trainLoss: trainLoss, trainAccuracy: trainAccuracy, testLoss: testLoss,
                       testAccuracy: testAccuracy, learningRate: pass.learningRate,
                       validationLoss: held?.loss, validationAccuracy: held?.accuracy)
  }

  /// Whether each recorded epoch evaluates the test set (`TestEvaluation`).
  var evaluatesTestEveryEpoch: Bool { configuration.testEvaluation != .selectedEpochOnly }

  /// With `TestEvaluation.selectedEpochOnly`: the test metrics of the weights the network now holds (the
  /// restored best-validation weights), written into that epoch's record.
  func measureTestAtSelectedEpoch(_ records: inout [EpochRecord], selectedEpoch: Int) {
    guard !evaluatesTestEveryEpoch, let test = data.test,
          let index = records.firstIndex(where: { $0.epoch == selectedEpoch }) else { return }
    (records[index].testLoss, records[index].testAccuracy) = evaluate(test)
  }
}

