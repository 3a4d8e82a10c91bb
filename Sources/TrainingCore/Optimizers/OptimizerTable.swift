// Every optimizer a run can name. Adding one: a new file with the optimizer and its `OptimizerKind`
// spec (see SGDSpec.swift), and one line here.

/// The optimizers runs can name, in the order lists of names show them.
public enum OptimizerTable {
  public static let all: [any OptimizerKind.Type] = [
    SGDSpec.self,
    MomentumSpec.self,
    AdaGradSpec.self,
    RMSPropSpec.self,
    AdamSpec.self,
    AdamWSpec.self,
  ]
}
