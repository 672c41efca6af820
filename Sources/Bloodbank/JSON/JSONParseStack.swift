/// A stack of parsed values shared by all nesting levels of one parse, from which each
/// finished container moves its elements into an array of exactly their number.
///
/// Moving leaves the reference counts alone, where copying a slice out of an `Array` and
/// then removing it retains and releases every key and value once.
final class JSONParseStack<Element> {
    // One parser on one thread owns the stack, and no method calls code that could reach
    // these properties during an access to one of them, so they skip the runtime
    // exclusivity checks.
    @exclusivity(unchecked) private var base: UnsafeMutablePointer<Element>
    @exclusivity(unchecked) private var capacity: Int
    /// The number of elements on the stack.
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 4)
        base = UnsafeMutablePointer<Element>.allocate(capacity: self.capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func push(_ element: consuming Element) {
        if count == capacity {
            let newCapacity = capacity * 2
            let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
            newBase.moveInitialize(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }
        (base + count).initialize(to: element)
        count += 1
    }

    /// Removes the elements from position `start` to the top and returns them in order.
    func popArray(from start: Int) -> [Element] {
        // `reserveCapacity` and `append`, unlike `init(unsafeUninitializedCapacity:)`,
        // are specialized for the element type and so skip a runtime lookup of the
        // array storage's generic metadata, which took a tenth of a parse.
        var array: [Element] = []
        array.reserveCapacity(count - start)
        for position in start..<count {
            array.append((base + position).move())
        }
        count = start
        return array
    }
}
