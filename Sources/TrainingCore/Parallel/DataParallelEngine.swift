import Statistics
import Synchronization

/// Two-thread data parallelism for a `Trainer` (llm.c's approach, on a CPU): what `threads: 2` runs.
///
/// A step runs in three phases on two threads (`TwoThreadTeam`), each thread with single-threaded BLAS:
///
/// 1. By units: each thread computes half of the first dense layer's outputs over the whole batch
///    (`Dense.forward(units:input:)`).
/// 2. By rows: the main network runs the first half of the batch and a replica sharing its weights the
///    second half (`DataParallelReplica`), on through the loss and backward, computing only input
///    gradients. The replica's buffers are the rows that follow the main network's, so the two halves fill
///    one full-batch matrix for every layer's activations and gradients.
/// 3. By units: each thread computes the weight and bias gradients of half of every dense layer's output
///    units over the whole batch (`Dense.weightGradient(units:...)`) and at once updates exactly those
///    weights (`ShareOptimizers`). Rules that cannot update in shares update whole, after both threads.
///
/// The threads meet at a barrier before each phase, three times per step. Within an epoch they never join
/// (`trainEpoch`, DataParallelEngine+Epoch.swift): batches are gathered in chunks of rows by whichever
/// thread is waiting at a barrier.
///
/// Why: at batch 128 the GEMMs are small, so OpenBLAS's own threading splits each one in two and
/// synchronizes after it, and everything between the GEMMs (bias, activations, loss, update) runs on one
/// core. Here both cores stay busy for the whole step. Splitting the weight gradients by units rather than
/// summing two half-batch gradients keeps their GEMMs at the full batch's depth, needs no reduction pass,
/// and leaves each weight's update with the thread that just computed its gradient. The first layer holds
/// most of the weights (784 x 256 of 268,000 in the bench's net), and running it by units means each core
/// only ever reads the rows it writes (see `Dense.forward(units:input:)`).
///
/// Numbers: each half's loss gradient is divided by its own row count and then halved, which is exact in
/// binary floating point, so dy is bit for bit what the full batch's loss gives. The products, though, run
/// with other shapes than one thread's (half batches, unit shares), and OpenBLAS sums them in other orders:
/// two threads do not reproduce one thread's bytes, only agree to rounding (the tests check both that and
/// same bytes from run to run). The reported batch loss is the mean of the halves' means. Experiments run
/// their cells single-threaded and never take this path.
///
/// Only for networks of dense layers, element-wise activations and dropout (`BatchRowsLayer`) and even
/// batches; `Trainer` falls back to BLAS threading otherwise.
final class DataParallelEngine: TwoThreadJob {
  typealias InputBuffer = BatchSource.InputBuffer

  let replica: DataParallelReplica<Float>
  let team: TwoThreadTeam
  let configuration: RunConfiguration
  let loss: any ClassificationLoss
  /// Where training batches are gathered: the trainer's input buffer, and a second one, so that an
  /// epoch can gather the next batch while the current one is still read.
  let buffers: [InputBuffer]
  /// The two halves of each input buffer's batch, `halfInputs[buffer][part]` (views, no copies).
  let halfInputs: [[Matrix<Float>]]
  /// dL/d(logits) for the whole batch, and its two halves.
  let outputGradient: Matrix<Float>
  let halfOutputGradients: [Matrix<Float>]
  /// Each half's loss and correct count, written by its thread.
  let halfResults: UnsafeMutablePointer<(loss: Float, correct: Int)>
  /// Nil when the update runs whole, after both threads' gradients (`update`).
  let shares: ShareOptimizers?
  /// Copies rows `rows` of training batch `batch` (of the epoch's permutation) into a buffer.
  let gatherRows: (_ batch: Int, _ rows: Range<Int>, _ buffer: InputBuffer) -> Void
  /// The trainer's whole update: decay and clipping if configured, then its optimizer.
  let update: (_ learningRate: Float) -> Void

  /// The current step's learning rate, for `runPart` (one step at a time).
  var learningRate: Float = 0
  /// The epoch `runPart` runs, when it runs a whole epoch rather than one step.
  var epoch: ParallelEpoch?
  /// What that epoch measured (written by part 0 only).
  var pass = EpochPass()
  /// Chunks of training rows handed out so far in the current epoch (`gatherChunk`).
  let gatherTickets = Atomic<Int>(0)

  var batchSize: Int { configuration.batchSize }

  /// Nil unless `network` and the batch size allow the split. Otherwise sets OpenBLAS to one thread for
  /// the process: each half runs its GEMMs on one core, and OpenBLAS's own threads would only compete with
  /// the other half. The thread count is a process-wide setting, so it is set once here, never toggled per
  /// step (another thread's GEMM could see the toggle and sum in another order).
  /// - Parameters:
  ///   - input: the trainer's input buffer, where `step` finds its batch.
  ///   - dropout: the stream of the replica's dropout masks.
  init?(network: Network<Float>, configuration: RunConfiguration, loss: any ClassificationLoss,
        input: InputBuffer, dropout: RandomStream,
        gatherRows: @escaping (_ batch: Int, _ rows: Range<Int>, _ buffer: InputBuffer) -> Void,
        update: @escaping (_ learningRate: Float) -> Void) {
    let batch = configuration.batchSize, half = batch / 2
    guard batch >= 2, batch % 2 == 0, DataParallelReplica.supports(network) else { return nil }
    BLAS.setThreads(1)
    team = TwoThreadTeam()
    self.configuration = configuration
    self.loss = loss
    let outputGradient = Matrix<Float>(rows: batch, columns: network.spec.outputWidth)
    let replica = DataParallelReplica(of: network, dropout: dropout, half: half, outputGradient: outputGradient)
    let buffers = [input, InputBuffer(capacity: batch, width: input.features.columns,
                                      targetWidth: input.targets.values.columns)]
    self.outputGradient = outputGradient
    self.replica = replica
    self.buffers = buffers
    halfInputs = buffers.map { buffer in
      [0, 1].map { Matrix(viewingRowsOf: buffer.features, start: $0 * half, count: half) }
    }
    halfOutputGradients = [0, 1].map { Matrix(viewingRowsOf: outputGradient, start: $0 * half, count: half) }
    halfResults = .allocate(capacity: 2)
    shares = ShareOptimizers(configuration, layers: replica.denseLayers.map(\.layer))
    self.gatherRows = gatherRows
    self.update = update
  }

  deinit { halfResults.deallocate() }

  /// One step on two cores, on the batch in the trainer's input buffer. Returns the batch loss and the
  /// number of correct predictions. Allocates nothing.
  func step(learningRate: Float) -> (loss: Float, correct: Int) {
    self.learningRate = learningRate
    replica.firstDense?.beginForwardByUnits(rows: batchSize)
    team.run(self)
    if shares == nil { update(learningRate) }
    return batchResult
  }

  /// The batch's loss (the mean of the halves' means) and correct count, from both halves' results.
  var batchResult: (loss: Float, correct: Int) {
    ((halfResults[0].loss + halfResults[1].loss) / 2, halfResults[0].correct + halfResults[1].correct)
  }

  /// One thread's part of `trainEpoch` or of `step`.
  func runPart(_ part: Int) {
    guard let epoch else {
      stepPart(part, buffer: 0, learningRate: learningRate)
      return
    }
    runEpoch(part, epoch)
  }
}
