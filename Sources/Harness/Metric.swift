/// A number measured once per cell, that decision rules compare across arms.
public enum Metric: Sendable, Hashable, CustomStringConvertible {
  case finalTestAccuracy, finalTestLoss, finalTrainAccuracy, finalTrainLoss
  /// Final training accuracy minus final test accuracy (the generalization gap). The training accuracy is
  /// the running mean over the last epoch in the training phase, so with dropout it is measured on
  /// thinned networks and understates the fit; see `inferenceTrainTestGap`.
  case trainTestGap
  /// Training-set accuracy re-measured after training in the inference phase (probe `.trainEvaluation`,
  /// scalar `train_accuracy_inference`) minus final test accuracy: the gap of the network that is tested.
  case inferenceTrainTestGap
  /// The best test accuracy of any epoch.
  case bestTestAccuracy
  /// The training loss of one epoch (1-based), a running mean over its mini-batches: how fast a net
  /// learns, read early in training (e.g. epoch 1), where final values have already caught up.
  case trainLoss(epoch: Int)
  /// A probe's scalar, by its column name (e.g. "distinct_units"); higher is better.
  case probe(String)
  /// A probe's scalar where lower is better: an error or a loss an experiment measures itself (e.g. a
  /// regression's "test_rmse").
  case lowerProbe(String)
  /// Accuracy on the held-out validation split (`RunConfiguration.validationSplit`) of the final model.
  case finalValidationAccuracy
  /// Training-set accuracy in the inference phase (probe `.trainEvaluation`) minus the final model's
  /// validation accuracy: the train/validation gap. With early stopping the validation split chose the
  /// model, so this gap is optimistic; `inferenceTrainTestGap` is the unbiased check.
  case inferenceTrainValidationGap

  public var description: String {
    switch self {
    case .finalTestAccuracy: "final_test_accuracy"
    case .finalTestLoss: "final_test_loss"
    case .finalTrainAccuracy: "final_train_accuracy"
    case .finalTrainLoss: "final_train_loss"
    case .trainTestGap: "train_test_gap"
    case .inferenceTrainTestGap: "train_test_gap_inference"
    case .bestTestAccuracy: "best_test_accuracy"
    case .probe(let name), .lowerProbe(let name): name
    case .finalValidationAccuracy: "final_validation_accuracy"
    case .inferenceTrainValidationGap: "train_validation_gap_inference"
    case .trainLoss(let epoch): "train_loss_epoch\(epoch)"
    }
  }

  /// Its value for one cell. "Final" values are those of the model the run kept (`CellRecord.finalEpoch`:
  /// the last epoch, or the one early stopping selected). A diverged cell counts as chance accuracy
  /// (1 / classes) for accuracies and is left out (nil) for losses, gaps and probes, which have no
  /// meaningful value after a NaN.
  public func value(of cell: CellRecord, classes: Int) -> Double? {
    let last = cell.finalEpoch
    if cell.diverged {
      switch self {
      case .finalTestAccuracy, .finalTrainAccuracy, .bestTestAccuracy, .finalValidationAccuracy:
        return 1 / Double(classes)
      default: return nil
      }
    }
    switch self {
    case .finalTestAccuracy: return last?.testAccuracy
    case .finalTestLoss: return last?.testLoss
    case .finalTrainAccuracy: return last?.trainAccuracy
    case .finalTrainLoss: return last?.trainLoss
    case .trainTestGap: return last.map { $0.trainAccuracy - $0.testAccuracy }
    case .inferenceTrainTestGap:
      guard let last, let train = cell.probes[Probes.trainAccuracyInference] else { return nil }
      return train - last.testAccuracy
    case .bestTestAccuracy: return cell.epochs.map(\.testAccuracy).max()
    case .trainLoss(let epoch): return cell.epochs.first { $0.epoch == epoch }?.trainLoss
    case .probe(let name), .lowerProbe(let name): return cell.probes[name]
    case .finalValidationAccuracy: return last?.validationAccuracy
    case .inferenceTrainValidationGap:
      guard let validation = last?.validationAccuracy, let train = cell.probes[Probes.trainAccuracyInference] else {
        return nil
      }
      return train - validation
    }
  }
}
