// Updates in shares: in phase 3 each thread updates the weights whose gradient it has just computed (the
// rows of W and entries of b of its share of the units), while they are still in its cache, instead of
// one thread updating everything after both have finished. Shares follow output units, never the shape of
// a parameter: a layer of one unit has a (1, in) weight, all of it in the second thread's share.

/// Elements `n·part/parts ..< n·(part+1)/parts` of an n-element range.
@inline(__always)
func share(_ n: Int, part: Int, of parts: Int) -> Range<Int> { (n * part / parts)..<(n * (part + 1) / parts) }

extension Dense {
  /// The elements of each of `parameters` (the weight, then the bias if any) that belong to output units
  /// `units`: whole rows of W (out, in) and a slice of b (1, out). These are exactly the elements
  /// `weightGradient(units:...)` writes.
  func parameterElements(units: Range<Int>) -> [Range<Int>] {
    let weightElements = (units.lowerBound * inputWidth)..<(units.upperBound * inputWidth)
    return bias == nil ? [weightElements] : [weightElements, units]
  }
}

/// For each thread and each dense layer, an optimizer over that thread's share of the layer's weight and
/// bias: parameters that view those elements of the main network's values and gradients.
///
/// Why this is the whole update: the rules split here are element-wise (each element's step reads only
/// its own weight, gradient and state, and scalars every instance computes alike), so an optimizer built
/// over a share computes, for those elements, exactly what one optimizer over everything computes, with
/// its own copy of their state. (A run that updates in shares never calls the trainer's own optimizer.)
///
/// Only where nothing needs the whole gradient at once: not with L2 decay or clipping (decay is applied to
/// the whole gradient before the update, clipping takes its global norm).
struct ShareOptimizers {
  /// `optimizers[part][layer]`, for the main network's dense layers in order.
  let optimizers: [[any Optimizer<Float>]]

  /// Nil when `configuration`'s update must run whole, after both threads' gradients: with decay or
  /// clipping, and for rules other than SGD and momentum (AdaGrad, RMSProp, Adam and AdamW are element-wise
  /// too, but have not been split and tested here).
  init?(_ configuration: RunConfiguration, layers: [Dense<Float>]) {
    let rule = configuration.optimizer.optimizer
    guard rule is SGDSpec || rule is MomentumSpec else { return nil }
    guard configuration.weightDecay == 0, configuration.gradientClipNorm == nil else { return nil }
    optimizers = (0..<2).map { part in
      layers.map { dense in
        let elements = dense.parameterElements(units: share(dense.outputWidth, part: part, of: 2))
        let shares = zip(dense.parameters, elements).map { parameter, elements in
          Parameter(name: parameter.name, value: Matrix(viewingElementsOf: parameter.value, range: elements),
                    gradient: Matrix(viewingElementsOf: parameter.gradient, range: elements),
                    decays: parameter.decays)
        }
        return configuration.optimizer.makeOptimizer(for: shares)
      }
    }
  }
}
