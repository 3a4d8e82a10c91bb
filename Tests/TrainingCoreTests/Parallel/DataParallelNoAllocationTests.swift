import Datasets
import Statistics
import Testing
import TrainingCore
import _MallocCounter

/// "No allocation inside a training step" for the two-thread engine, counted as in `NoAllocationTests`
/// (whose trainer and checks these reuse). The counter sees the calling thread, which runs half of every
/// phase.
@Suite(.serialized) struct DataParallelNoAllocationTests {
  /// A data-parallel step, with the update in shares (heavy ball, Nesterov) and whole (Adam).
  @Test(arguments: [OptimizerSpec.momentum(0.9, nesterov: false), .momentum(0.9, nesterov: true),
                    .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)])
  func aDataParallelStepAllocatesNothing(_ optimizer: OptimizerSpec) throws {
    try NoAllocationTests.expectNoAllocation(in: Self.dataParallelTrainer(optimizer))
  }

  /// A whole data-parallel epoch (one loop on both threads, batches gathered in chunks), after a first one.
  @Test(arguments: [OptimizerSpec.momentum(0.9, nesterov: false), .adam(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)])
  func aDataParallelEpochAllocatesNothing(_ optimizer: OptimizerSpec) throws {
    let trainer = try Self.dataParallelTrainer(optimizer)
    var step = 0
    _ = trainer.trainEpoch(epoch: 1, globalStep: &step)
    trainingtricks_malloc_counter_start()
    let pass = trainer.trainEpoch(epoch: 2, globalStep: &step)
    let allocations = trainingtricks_malloc_counter_stop()
    #expect(pass.steps == 8)
    NoAllocationTests.expectZero(allocations, "\(allocations) allocations in a data-parallel epoch")
  }

  /// A two-thread trainer with dropout whose update can run in shares (no decay, no clipping).
  static func dataParallelTrainer(_ optimizer: OptimizerSpec) throws -> Trainer {
    let spec = NetworkSpec(inputWidth: 12, hidden: [16, 8], outputWidth: 4, activation: .relu,
                           initializer: .heNormal, dropout: 0.2)
    let trainer = try NoAllocationTests.trainer(spec, optimizer: optimizer, threads: 2, weightDecay: 0, clip: nil)
    #expect(trainer.isDataParallel)
    return trainer
  }
}
