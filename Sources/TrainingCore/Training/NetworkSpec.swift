/// Where normalization sits: after each hidden dense layer and each convolution, before its activation
/// (Ioffe & Szegedy 2015). After a convolution, BatchNorm is per channel and LayerNorm over C H W
/// (`ConvolutionSpec`).
public enum NormalizationSpec: String, Codable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
  case none
  case batchNorm = "batchnorm"
  case layerNorm = "layernorm"
  public var description: String { rawValue }
  public static var names: [String] { allCases.map(\.rawValue) }
}

/// A multi-layer perceptron, with an optional convolutional front, described as data: what `tricks train`
/// flags and experiment arms build.
///
/// With `convolution` set, its blocks come first (`ConvolutionSpec`) and the hidden dense layers read
/// their output; nil (an MLP) leaves the encoded spec, and so every fingerprint, as it was before
/// convolutions existed (an absent optional is not encoded).
///
/// Each hidden layer is Dense → [BatchNorm | LayerNorm] → activation → [Dropout]; the input may be
/// dropped too; the output layer is a plain Dense producing one logit per class (no activation on the
/// output layer: the loss applies softmax where it needs one). Every dense layer has a bias.
/// `outputActivation` and `bias` exist to build the deliberately wrong networks of the `sanity-checks`
/// experiment; nil keeps the defaults above and leaves the encoded spec (and so every fingerprint) as it
/// was before they existed.
public struct NetworkSpec: Codable, Sendable, Hashable, CustomStringConvertible {
  public var inputWidth: Int
  public var hidden: [Int]
  public var outputWidth: Int
  public var activation: ActivationSpec
  public var initializer: InitializerSpec
  public var normalization: NormalizationSpec
  /// Drop rate of hidden units (0 = no dropout layer).
  public var dropout: Double
  /// Drop rate of input pixels (0 = no dropout layer).
  public var inputDropout: Double
  /// Use AlphaDropout (for SELU, Klambauer et al. 2017) instead of inverted dropout for hidden units.
  public var alphaDropout: Bool
  /// An activation applied to the output layer's values before the loss (nil: none, the right choice).
  public var outputActivation: ActivationSpec? = nil
  /// Whether the dense layers have biases (nil: yes; false: no dense or conv layer has one).
  public var bias: Bool? = nil
  /// The convolution blocks before the dense layers (nil: none, an MLP). Hidden-unit dropout applies to
  /// the dense layers only.
  public var convolution: ConvolutionSpec? = nil

  public init(inputWidth: Int = 784, hidden: [Int], outputWidth: Int = 10, activation: ActivationSpec,
              initializer: InitializerSpec, normalization: NormalizationSpec = .none, dropout: Double = 0,
              inputDropout: Double = 0, alphaDropout: Bool = false, outputActivation: ActivationSpec? = nil,
              bias: Bool? = nil, convolution: ConvolutionSpec? = nil) {
    self.inputWidth = inputWidth
    self.hidden = hidden
    self.outputWidth = outputWidth
    self.activation = activation
    self.initializer = initializer
    self.normalization = normalization
    self.dropout = dropout
    self.inputDropout = inputDropout
    self.alphaDropout = alphaDropout
    self.outputActivation = outputActivation
    self.bias = bias
    self.convolution = convolution
  }

  /// Whether the dense layers have biases (`bias` with its default filled in).
  public var hasBias: Bool { bias ?? true }

  /// The width of the first dense layer's input: the input, or what the convolutions leave of it.
  public var denseInputWidth: Int { convolution?.outputWidth ?? inputWidth }

  /// "784-256-256-10 relu he-normal" plus whatever is not the default; with convolutions, e.g.
  /// "28x28x1-conv3x3:16-pool-conv3x3:32-pool-128-10 relu he-normal".
  public var description: String {
    var text = ([convolution?.description ?? String(inputWidth)] + (hidden + [outputWidth]).map(String.init))
      .joined(separator: "-")
    text += " \(activation) \(initializer)"
    if normalization != .none { text += " \(normalization)" }
    if dropout > 0 { text += " \(alphaDropout ? "alpha-dropout" : "dropout"):\(dropout)" }
    if inputDropout > 0 { text += " input-dropout:\(inputDropout)" }
    if let outputActivation { text += " output-\(outputActivation)" }
    if !hasBias { text += " no-bias" }
    return text
  }

  /// Floating-point multiply-adds of one forward pass per example, times 2 (FLOPs), for the dense and
  /// convolution layers.
  public var forwardFLOPsPerExample: Double {
    let widths = [denseInputWidth] + hidden + [outputWidth]
    return zip(widths, widths.dropFirst()).reduce(0) { $0 + 2 * Double($1.0 * $1.1) }
      + (convolution?.forwardFLOPsPerExample ?? 0)
  }

  /// FLOPs of one training step per example: forward, weight gradients and input gradients (each as many
  /// as the forward), except the input gradient of the first layer, which nothing needs.
  public var trainingFLOPsPerExample: Double {
    let firstLayer: Double
    if let convolution {
      let first = ConvolutionSpec(image: convolution.image, blocks: Array(convolution.blocks.prefix(1)))
      firstLayer = first.forwardFLOPsPerExample
    } else {
      firstLayer = 2 * Double(inputWidth * (hidden.first ?? outputWidth))
    }
    return 3 * forwardFLOPsPerExample - firstLayer
  }

  /// Throws a `ConfigurationError` naming the field when a value cannot make a network.
  public func validate() throws {
    guard inputWidth > 0 else { throw ConfigurationError(.inputWidth, "must be positive, got \(inputWidth)") }
    guard outputWidth > 0 else { throw ConfigurationError(.outputWidth, "must be positive, got \(outputWidth)") }
    for width in hidden where width <= 0 {
      throw ConfigurationError(.hidden, "every layer width must be positive, got \(width)")
    }
    try convolution?.validate(inputWidth: inputWidth)
    for (field, rate) in [(ConfigurationError.Field.dropout, dropout), (.inputDropout, inputDropout)] {
      guard rate.isFinite, rate >= 0, rate < 1 else {
        throw ConfigurationError(field, "a drop rate must be in [0, 1), got \(rate)")
      }
    }
  }
}
