// Every initializer a network can name. Adding one: a new file with the initializer and its
// `InitializerKind` conformance (see HeNormal.swift), and one line here.

/// The initializers networks can name, in the order lists of names show them.
public enum InitializerTable {
  public static let all: [any InitializerKind.Type] = [
    Constant.self,
    Normal.self,
    TruncatedNormal.self,
    Uniform.self,
    GlorotUniform.self,
    GlorotNormal.self,
    HeUniform.self,
    HeNormal.self,
    LeCunNormal.self,
  ]
}
