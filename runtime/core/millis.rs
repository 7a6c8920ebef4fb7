//! [`Millis`]: how twain's log lines show a latency — milliseconds with
//! three decimals (`latency_ms=0.412`), written with integer arithmetic:
//! formatting an `f64` with a precision costs more than the rest of a
//! request's log line.

use std::fmt;
use std::time::Duration;

/// `duration` in milliseconds, three decimals, rounded down to the microsecond.
pub(crate) struct Millis(pub(crate) Duration);

impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let micros = self.0.as_micros();
        write!(f, "{}.{:03}", micros / 1000, micros % 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_decimals_always() {
        let shown = |micros| Millis(Duration::from_micros(micros)).to_string();
        assert_eq!(shown(412), "0.412");
        assert_eq!(shown(5), "0.005");
        assert_eq!(shown(0), "0.000");
        assert_eq!(shown(12_345_678), "12345.678");
        assert_eq!(Millis(Duration::from_nanos(999)).to_string(), "0.000");
    }
}
