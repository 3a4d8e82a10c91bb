/// The shared plumbing of activation layers: y = f(x) element by element, dx = dy ⊙ f'(x).
///
/// Each activation is a subclass in its own file that writes its two loops (`forward`, `backward`) in
/// plain sight, with `@_specialize(where T == Float)` so the loops run specialized and vectorized even
/// when the network calls them through `any Layer<Float>` (without it every arithmetic operation goes
/// through `Scalar`'s witness table).
public class ElementwiseActivation<T: Scalar>: Layer {
  public let inputWidth: Int
  public var outputWidth: Int { inputWidth }
  public var computesInputGradient = true
  public var name: String { "activation" }
  /// y of the last forward pass.
  public internal(set) var output = Matrix<T>(rows: 0, columns: 0)
  /// dL/dx of the last backward pass.
  public internal(set) var inputGradient = Matrix<T>(rows: 0, columns: 0)
  /// x of the last forward pass (owned by the previous layer).
  public internal(set) unowned(unsafe) var input: Matrix<T>? = nil

  public init(width: Int) {
    precondition(width > 0, "activation needs a positive width")
    inputWidth = width
  }

  public func reserve(batchSize: Int) {
    output = Matrix(rows: batchSize, columns: inputWidth)
    inputGradient = Matrix(rows: batchSize, columns: inputWidth)
  }

  public func forward(_ x: Matrix<T>, phase: Phase) -> Matrix<T> {
    fatalError("\(type(of: self)) must override forward")
  }

  public func backward(_ dy: Matrix<T>) -> Matrix<T> {
    fatalError("\(type(of: self)) must override backward")
  }

  /// Sets up a forward pass: remembers x, sizes y, returns (x, y, count) as raw pointers.
  @inline(__always)
  func beginForward(_ x: Matrix<T>) -> (UnsafeMutablePointer<T>, UnsafeMutablePointer<T>, Int) {
    input = x
    output.rows = x.rows
    return (x.storage, output.storage, x.count)
  }

  /// Sets up a backward pass: returns (x, y, dy, dx, count) as raw pointers.
  @inline(__always)
  func beginBackward(_ dy: Matrix<T>) -> (UnsafeMutablePointer<T>, UnsafeMutablePointer<T>,
                                          UnsafeMutablePointer<T>, UnsafeMutablePointer<T>, Int) {
    guard let x = input else { preconditionFailure("\(name).backward before forward") }
    inputGradient.rows = dy.rows
    return (x.storage, output.storage, dy.storage, inputGradient.storage, dy.count)
  }
}
