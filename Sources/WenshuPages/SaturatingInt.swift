extension Int {
    /// `value` rounded toward zero and clamped to ±2⁵³; NaN gives 0.
    ///
    /// For sizes and coordinates the template stage has already bounded: a value that slipped past
    /// that check costs a wrong pixel or a clear error downstream, never a trap that ends the process
    /// ("Double value cannot be converted to Int" kills every render of a batch or a service). The
    /// clamp leaves room, so adding a pixel offset to the result cannot overflow either.
    public init(saturating value: Double) {
        let limit = 9_007_199_254_740_992.0  // 2^53: every Int up to here is exact as a Double
        if value.isNaN { self = 0 } else { self = Int(Swift.min(Swift.max(value, -limit), limit)) }
    }
}
