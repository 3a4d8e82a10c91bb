import Datasets
import Statistics

/// 600 Gaussian examples of width 8 with a learnable three-class label (how many of the first two
/// features are positive) and 30% label noise, so a wide net overfits a small training part and
/// validation accuracy peaks early: the data of the early-stopping tests. `name` names the stream.
public func noisyThreeClassData(_ name: String) -> Dataset {
  let stream = RandomStream("tests", name)
  let count = 600, width = 8
  let features = (0..<(count * width)).map { _ in Float(stream.gaussian()) }
  let labels = (0..<count).map { row -> Int32 in
    let clean = Int32((features[row * width] > 0 ? 1 : 0) + (features[row * width + 1] > 0 ? 1 : 0))
    return stream.uniform() < 0.3 ? Int32(stream.integer(below: 3)) : clean
  }
  return Dataset(features: features, labels: labels, width: width, classes: 3)
}
