import Dispatch
import Statistics

/// Two-thread data parallelism for one training step (llm.c's approach, on a CPU): the batch is split in
/// two halves, the network and a replica that shares its weights each run forward and backward on one
/// half with single-threaded BLAS, and the two gradients are averaged before the optimizer's update.
///
/// Why: at batch 128 the GEMMs are small, so OpenBLAS's own threading splits each one in two and
/// synchronizes after it, and everything between the GEMMs (bias, activations, loss, update) runs on one
/// core. Splitting the batch instead keeps both cores busy for the whole step with no synchronization
/// until the gradients are summed.
///
/// Numbers: each half's loss is a mean over its own rows, so the full-batch mean gradient is
/// (g₁ + g₂) / 2, which is not summed in the same order as one pass over the whole batch: results with two
/// threads differ from one thread in the last bits (and are the same from run to run). Experiments run
/// their cells single-threaded and never take this path.
///
/// Only for networks whose learned layers are all `Dense` (no BatchNorm, whose batch statistics would
/// change with half batches, and no PReLU); `Trainer` falls back to BLAS threading otherwise.
final class DataParallelReplica<T: Scalar> {
  let network: Network<T>
  /// The replica's dense layers and the main network's, in the same order.
  private let pairs: [(replica: Dense<T>, main: Dense<T>)]

  static func supports(_ network: Network<T>) -> Bool {
    network.layers.allSatisfy { $0 is Dense<T> || $0.parameters.isEmpty }
  }

  /// A replica of `main`: the same layers, sharing every weight and bias, with its own gradients and
  /// buffers, and dropout masks from `dropout` (so the two halves never draw the same mask).
  init(of main: Network<T>, dropout: RandomStream, batchSize: Int) {
    precondition(Self.supports(main), "a data-parallel replica needs a network of dense layers")
    // The replica's own initialization is overwritten by sharing; its stream is never used again.
    network = Network(main.spec, initialization: RandomStream("data-parallel-replica", "unused-init"),
                      dropout: dropout)
    pairs = Array(zip(network.denseLayers, main.denseLayers))
    for (replica, main) in pairs { replica.shareParameters(with: main) }
    network.reserve(batchSize: batchSize)
  }

  /// Adds the replica's gradients into the main network's and halves them: (g₁ + g₂) / 2.
  @_specialize(where T == Float)
  func averageGradients(part: Int, of parts: Int) {
    for (replica, main) in pairs {
      for (r, m) in zip(replica.parameters, main.parameters) {
        let g = m.gradient.storage, h = r.gradient.storage
        for i in share(m.gradient.count, part: part, of: parts) { g[i] = (g[i] + h[i]) * T(0.5) }
      }
    }
  }
}

/// Lets `DispatchQueue.concurrentPerform` capture the trainer's buffers: the two halves of a step touch
/// disjoint memory (their own layers and rows), which the compiler cannot see.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
}
