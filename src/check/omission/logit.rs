//! The logistic function and its inverse, which the omission models read
//! their weights and probabilities with.

/// 1 / (1 + e^−x).
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// The log-odds of probability `p`, with `p` held within `least` and
/// 1 − `least` (so that a probability of 0 or 1 gives a number).
pub fn log_odds(p: f64, least: f64) -> f64 {
    let p = p.clamp(least, 1.0 - least);
    (p / (1.0 - p)).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_odds_undo_the_logistic_within_the_bounds() {
        for x in [-5.0, -0.3, 0.0, 2.0] {
            assert!((log_odds(logistic(x), 1e-4) - x).abs() < 1e-9, "{x}");
        }
        assert!((log_odds(0.0, 0.01) - log_odds(0.01, 0.01)).abs() < 1e-12);
        assert!(log_odds(1.0, 1e-4).is_finite() && logistic(0.0) == 0.5);
    }
}
