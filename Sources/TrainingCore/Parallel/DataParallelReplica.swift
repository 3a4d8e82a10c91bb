import Statistics

/// The second half of a data-parallel step's rows: a twin of the main network that shares every weight and
/// bias, writes into the rows of the main network's buffers that follow the first half, and draws its own
/// dropout masks. Also knows, for both networks, what the phases of `DataParallelEngine` need: which layers
/// run by rows, and where each dense layer's whole-batch input and output gradient sit.
final class DataParallelReplica<T: Scalar> {
  let main: Network<T>
  let network: Network<T>
  /// The main network's first layer when it is dense (phase 1 runs it by units), else nil (the whole
  /// forward runs by rows).
  let firstDense: Dense<T>?
  /// The two halves of the first dense layer's output, each thread's input to phase 2.
  let firstOutputHalves: [Matrix<T>]
  /// Each of the main network's dense layers, with the whole-batch x and dy its weight gradient reads:
  /// layer i's x is layer i − 1's output (nil for the first layer: the batch's input buffer), its dy layer
  /// i + 1's input gradient or, for the last layer, the loss gradient. Layers return their own buffers
  /// (the `Layer` contract), so these are fixed, and the replica's rows continue each of them.
  let denseLayers: [(layer: Dense<T>, input: Matrix<T>?, outputGradient: Matrix<T>)]
  /// Each half's network's layers that run by rows (all but a dense first layer), with the dense ones cast.
  private let rowLayers: [[(layer: any Layer<T>, dense: Dense<T>?)]]

  static func supports(_ network: Network<T>) -> Bool {
    network.layers.allSatisfy { $0 is any BatchRowsLayer<T> }
  }

  /// A replica of `main` for rows `half ..< 2 * half` of each batch, with dropout masks from `dropout` (so
  /// the two halves never draw the same mask). `outputGradient` is where the loss writes dL/d(logits) for
  /// the whole batch.
  init(of main: Network<T>, dropout: RandomStream, half: Int, outputGradient: Matrix<T>) {
    precondition(Self.supports(main), "a data-parallel replica needs a network of dense layers, activations and dropout")
    precondition(outputGradient.capacity >= 2 * half, "the loss gradient needs room for the whole batch")
    self.main = main
    // The replica's own initialization is overwritten by sharing; its stream is never used again.
    network = Network(main.spec, initialization: RandomStream("data-parallel-replica", "unused-init"),
                      dropout: dropout)
    for (replica, mainDense) in zip(network.denseLayers, main.denseLayers) { replica.shareParameters(with: mainDense) }
    network.reserve(rows: half, count: half, of: main)

    firstDense = main.layers[0] as? Dense<T>
    firstOutputHalves = firstDense.map { first in
      [0, 1].map { Matrix(viewingRowsOf: first.output, start: $0 * half, count: half) }
    } ?? []
    let layers = main.layers.map { $0 as! any BatchRowsLayer<T> }
    denseLayers = layers.indices.compactMap { i in
      guard let dense = layers[i] as? Dense<T> else { return nil }
      return (dense, i == 0 ? nil : layers[i - 1].output,
              i + 1 < layers.count ? layers[i + 1].inputGradient : outputGradient)
    }
    let firstRowLayer = firstDense == nil ? 0 : 1
    rowLayers = [main, network].map { network in
      network.layers[firstRowLayer...].map { ($0, $0 as? Dense<T>) }
    }
  }

  /// Phase 2, forward: half `part`'s rows from the first layer that runs by rows through the logits.
  @_specialize(where T == Float)
  func forward(part: Int, _ input: Matrix<T>) -> Matrix<T> {
    var x = input
    for (layer, _) in rowLayers[part] { x = layer.forward(x, phase: .training) }
    return x
  }

  /// Phase 2, backward: from dL/d(logits) of half `part`'s rows down through the layers that run by rows,
  /// computing input gradients only; dense weight gradients wait for phase 3.
  @_specialize(where T == Float)
  func backward(part: Int, _ outputGradient: Matrix<T>) {
    var g = outputGradient
    for (layer, dense) in rowLayers[part].reversed() {
      if let dense { g = dense.inputGradientOnly(g) } else { g = layer.backward(g) }
    }
  }
}
