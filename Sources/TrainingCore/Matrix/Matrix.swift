/// A row-major matrix on contiguous storage: rows are examples of a batch, columns are features.
///
/// Storage is allocated once, for `capacity` rows, and never reallocated; `rows` may shrink to hold a
/// smaller batch (the last evaluation batch). Layers own their output and gradient matrices, so a training
/// step allocates nothing. Reference semantics on purpose: a layer hands its output buffer to the next.
public final class Matrix<T: Scalar> {
  public let capacity: Int
  public let columns: Int
  public var rows: Int {
    willSet { precondition(newValue >= 0 && newValue <= capacity, "rows \(newValue) exceeds capacity \(capacity)") }
  }
  public let storage: UnsafeMutablePointer<T>
  /// The matrix whose rows this one views (kept alive by this reference), or nil when it owns its storage.
  private let viewed: Matrix<T>?

  /// A zero-filled (rows, columns) matrix.
  // Specialized because layers reserve their matrices from generic code: unspecialized, the zero fill copies
  // element by element through value witnesses.
  @_specialize(where T == Float)
  @_specialize(where T == Double)
  public init(rows: Int, columns: Int) {
    precondition(rows >= 0 && columns >= 0, "negative matrix size (\(rows), \(columns))")
    self.capacity = rows
    self.rows = rows
    self.columns = columns
    storage = .allocate(capacity: max(1, rows * columns))
    storage.initialize(repeating: 0, count: max(1, rows * columns))
    viewed = nil
  }

  /// Rows `start ..< start + count` of `base`, without a copy: writes go to `base`'s storage.
  public init(viewingRowsOf base: Matrix<T>, start: Int, count: Int) {
    precondition(start >= 0 && count >= 0 && start + count <= base.capacity, "view rows out of range")
    capacity = count
    rows = count
    columns = base.columns
    storage = base.storage + start * base.columns
    viewed = base
  }

  /// Elements `range` of `base`, in row-major order, as one row of `range.count` columns, without a copy.
  init(viewingElementsOf base: Matrix<T>, range: Range<Int>) {
    precondition(range.lowerBound >= 0 && range.upperBound <= base.capacity * base.columns, "view elements out of range")
    capacity = 1
    rows = 1
    columns = range.count
    storage = base.storage + range.lowerBound
    viewed = base
  }

  /// A (rows, columns) matrix holding `values` in row-major order.
  public convenience init(rows: Int, columns: Int, values: [T]) {
    precondition(values.count == rows * columns, "\(values.count) values for a (\(rows), \(columns)) matrix")
    self.init(rows: rows, columns: columns)
    values.withUnsafeBufferPointer { storage.update(from: $0.baseAddress!, count: values.count) }
  }

  deinit { if viewed == nil { storage.deallocate() } }

  /// rows * columns: the elements in use.
  @inline(__always) public var count: Int { rows * columns }

  @inline(__always) public var buffer: UnsafeMutableBufferPointer<T> {
    UnsafeMutableBufferPointer(start: storage, count: count)
  }

  @inline(__always) public subscript(row: Int, column: Int) -> T {
    get { storage[row * columns + column] }
    set { storage[row * columns + column] = newValue }
  }

  /// The elements in use, copied out (tests and reports; not for hot paths).
  public var values: [T] { Array(buffer) }

  public func fill(_ value: T) { storage.update(repeating: value, count: count) }

  /// Copies `other`'s rows into this matrix (same columns), setting `rows` to match.
  public func copy(from other: Matrix<T>) {
    precondition(other.columns == columns, "copy between \(other.columns) and \(columns) columns")
    rows = other.rows
    storage.update(from: other.storage, count: other.count)
  }
}
