// Every loss a run can name. Adding one: a new file with the loss and its `LossKind` conformance (see
// SoftmaxCrossEntropy.swift), and one line here.

/// The losses runs can name, in the order lists of names show them.
public enum LossTable {
  public static let all: [any LossKind.Type] = [
    SoftmaxCrossEntropy.self,
    MeanSquaredError.self,
    L2Loss.self,
    L1Loss.self,
  ]
}
