import Statistics

/// Two-thread data parallelism for one training step (llm.c's approach, on a CPU). A step runs in three
/// phases on two threads (`TwoThreadTeam`), each thread with single-threaded BLAS:
///
/// 1. By units: each thread computes half of the first dense layer's outputs over the whole batch
///    (`Dense.forward(units:input:)`). The batch was gathered before the step, by both threads in chunks of
///    rows during the previous step's waits (`Trainer.trainEpochInParallel`).
/// 2. By rows: the main network runs the first half of the batch and a replica sharing its weights the
///    second half, on through the loss and backward, computing only input gradients. The replica's
///    buffers are the rows that follow the main network's, so the two halves fill one full-batch matrix
///    for every layer's activations and gradients.
/// 3. By units: each thread computes the weight and bias gradients of half of every dense layer's output
///    units over the whole batch (`Dense.weightGradient(units:rows:)`) and at once updates exactly those
///    weights (`Optimizer.update(learningRate:parameters:part:of:)`). With heavy-ball momentum the GEMM
///    adds g straight into the velocities (which the last update left scaled by mu) and the update is
///    `w -= lr * v`, then `v *= mu` (`GradientFold`).
///
/// The threads meet at a barrier before each phase, three times per step; within an epoch they never join.
///
/// Why: at batch 128 the GEMMs are small, so OpenBLAS's own threading splits each one in two and
/// synchronizes after it, and everything between the GEMMs (bias, activations, loss, update) runs on one
/// core. Here both cores stay busy for the whole step and meet once. Splitting the weight gradients by
/// units rather than summing two half-batch gradients keeps their GEMMs at the full batch's depth, needs no
/// reduction pass, and leaves each weight's update with the thread that just computed its gradient. The
/// first layer holds most of the weights (784 x 256 of 268,000 in the bench's net), and running it by
/// units means each core only ever reads the rows it writes (see `Dense.forward(units:)`).
///
/// Numbers: each half's loss gradient is divided by its own row count and then halved, which is exact in
/// binary floating point, so dy is bit for bit what the full batch's loss gives. The products, though, run
/// with other shapes than one thread's (64-row halves, unit shares), and OpenBLAS sums them in other orders:
/// two threads do not reproduce one thread's bytes, only agree to rounding (the tests check both that and
/// same bytes from run to run). The reported batch loss is the mean of the halves' means.
/// Experiments run their cells single-threaded and never take this path.
///
/// Only for networks built from `BatchRowsLayer`s (dense, element-wise activations, dropout): not BatchNorm,
/// whose batch statistics would change with half batches, nor LayerNorm or PReLU, whose parameters are
/// not split by units; `Trainer` falls back to BLAS threading for those.
final class DataParallelReplica<T: Scalar> {
  let network: Network<T>
  /// The main network's dense layers, whose weight gradients phase 3 computes.
  let mainDenseLayers: [Dense<T>]
  /// Where each of those layers' weight and bias sit in the main network's `parameters`.
  let parameterIndices: [Range<Int>]
  /// The main network's first layer when it is dense (run by units), else nil (the whole forward runs by rows).
  let firstDense: Dense<T>?
  /// The two halves of the first dense layer's output, each thread's input to phase 2.
  let firstOutputHalves: [Matrix<T>]
  let team = TwoThreadTeam()

  static func supports(_ network: Network<T>) -> Bool {
    network.layers.allSatisfy { $0 is any BatchRowsLayer<T> }
  }

  /// A replica of `main` for rows `half ..< 2 * half` of each batch: the same layers, sharing every weight
  /// and bias, writing into `main`'s buffers, with dropout masks from `dropout` (so the two halves never
  /// draw the same mask). Sets every dense layer of both networks to defer its weight gradient.
  init(of main: Network<T>, dropout: RandomStream, half: Int) {
    precondition(Self.supports(main), "a data-parallel replica needs a network of dense layers, activations and dropout")
    // The replica's own initialization is overwritten by sharing; its stream is never used again.
    network = Network(main.spec, initialization: RandomStream("data-parallel-replica", "unused-init"),
                      dropout: dropout)
    mainDenseLayers = main.denseLayers
    parameterIndices = mainDenseLayers.map { dense in
      let start = main.parameters.firstIndex { $0 === dense.weight }!
      return start..<(start + dense.parameters.count)
    }
    firstDense = main.layers[0] as? Dense<T>
    firstOutputHalves = firstDense.map { first in
      [0, 1].map { Matrix(viewingRowsOf: first.output, start: $0 * half, count: half) }
    } ?? []
    for (replica, main) in zip(network.denseLayers, mainDenseLayers) {
      replica.shareParameters(with: main)
      replica.defersWeightGradient = true
      main.defersWeightGradient = true
    }
    network.reserve(rows: half, count: half, of: main)
  }
}
