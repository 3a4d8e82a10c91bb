// Every activation a network can name. Adding one: a new file with the layer and its `ActivationKind`
// spec (see ReLU.swift), and one line here.

/// The activations networks can name, in the order lists of names show them.
public enum ActivationTable {
  public static let all: [any ActivationKind.Type] = [
    IdentitySpec.self,
    SigmoidSpec.self,
    HardSigmoidSpec.self,
    TanhSpec.self,
    SoftsignSpec.self,
    SoftplusSpec.self,
    ReLUSpec.self,
    LeakyReLUSpec.self,
    PReLUSpec.self,
    ELUSpec.self,
    SELUSpec.self,
    GELUSpec.self,
  ]
}
