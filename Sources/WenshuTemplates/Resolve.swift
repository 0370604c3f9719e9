/// A value found in the data and the JSON path it came from (`$.insured[0].name`).
struct Bound: Sendable {
    var value: JSONValue?
    var jsonPath: String
}

/// Looks `path` up: its head names a variable in `vars` (loop aliases and `loop`) or a field of `root`.
/// A missing step gives `value == nil` with the JSON path as far as it was meant to go.
func resolve(_ path: DataPath, in root: JSONValue, vars: [String: Bound], rootPath: String = "$") -> Bound {
    var current: JSONValue?
    var jsonPath: String
    if let v = vars[path.head] {
        current = v.value; jsonPath = v.jsonPath
    } else {
        current = root[path.head]; jsonPath = rootPath.appendingKey(path.head)
    }
    if !path.rest.isEmpty {
        // One allocation for the whole path, not one per step.
        var extra = 0
        for c in path.rest {
            if case .key(let k) = c { extra += k.utf8.count + 1 } else { extra += 12 }
        }
        jsonPath.reserveCapacity(jsonPath.utf8.count + extra)
    }
    for c in path.rest {
        switch c {
        case .key(let k):
            jsonPath.append("."); jsonPath.append(k)
            current = current?[k]
        case .index(let i):
            jsonPath.append("["); jsonPath.append(String(i)); jsonPath.append("]")
            if case .array(let items)? = current, i < items.count { current = items[i] } else { current = nil }
        }
    }
    return Bound(value: current, jsonPath: jsonPath)
}

/// Truthiness for `if:`: missing, null, false, "", 0, [] and {} are false.
func isTruthy(_ value: JSONValue?) -> Bool {
    switch value {
    case nil, .null?: false
    case .bool(let b)?: b
    case .string(let s)?: !s.isEmpty
    case .number(let n)?: (Double(n) ?? 0) != 0
    case .array(let a)?: !a.isEmpty
    case .object(let o)?: !o.isEmpty
    }
}

func evaluate(_ condition: Condition, root: JSONValue, vars: [String: Bound] = [:]) -> Bool {
    if condition.every {
        let list = resolve(DataPath(head: condition.path.head, rest: []), in: root, vars: vars).value
        guard case .array(let items)? = list, !items.isEmpty else { return false }
        var each = condition
        each.every = false
        return items.allSatisfy { item in
            let rest = DataPath(head: "item", rest: condition.path.rest)
            each.path = rest
            return evaluate(each, root: .null, vars: ["item": Bound(value: item, jsonPath: "")])
        }
    }
    let value = resolve(condition.path, in: root, vars: vars).value
    let result: Bool
    switch condition.op {
    case .truthy: result = isTruthy(value)
    case .equals(let literal): result = literal == nil ? (value == nil || value!.isNull) : value?.scalarText == literal
    case .notEquals(let literal): result = !(literal == nil ? (value == nil || value!.isNull) : value?.scalarText == literal)
    }
    return condition.negated ? !result : result
}

/// The `loop` variable inside `each`: index (0-based), number (1-based), count, first, last.
func loopValue(index: Int, count: Int) -> JSONValue {
    .object([("index", .number(String(index))), ("number", .number(String(index + 1))), ("count", .number(String(count))),
             ("first", .bool(index == 0)), ("last", .bool(index == count - 1))])
}

extension String {
    /// `self.key` as a JSON path, in one allocation: paths are built for every value validated and
    /// every binding printed.
    func appendingKey(_ key: String) -> String {
        joiningUTF8(".", key, "")
    }

    /// `self[i]` as a JSON path.
    func appendingIndex(_ i: Int) -> String {
        joiningUTF8("[", String(i), "]")
    }

    /// This path, `open`, `middle` and `close` in one allocation: `String.append` three times (each
    /// checking and growing its storage) was most of building a data path, and every field's check
    /// and every binding builds some.
    private func joiningUTF8(_ open: StaticString, _ middle: String, _ close: StaticString) -> String {
        var base = self, middle = middle
        return base.withUTF8 { b in
            middle.withUTF8 { m in
                let count = b.count + open.utf8CodeUnitCount + m.count + close.utf8CodeUnitCount
                return String(unsafeUninitializedCapacity: count) { out in
                    var k = 0
                    func put(_ start: UnsafePointer<UInt8>?, _ n: Int) {
                        guard let start, n > 0 else { return }
                        (out.baseAddress! + k).initialize(from: start, count: n)
                        k += n
                    }
                    put(b.baseAddress, b.count)
                    put(open.utf8Start, open.utf8CodeUnitCount)
                    put(m.baseAddress, m.count)
                    put(close.utf8Start, close.utf8CodeUnitCount)
                    return k
                }
            }
        }
    }
}
