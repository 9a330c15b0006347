//! Small components, each drawing one part of the playground from plain,
//! comparable props. None of them computes a simulation fact.

mod cache_view;
mod calc_panel;
mod charts;
mod compare_panel;
mod controls;
mod dense_grid;
mod diagram;
mod editor;
mod entry_tile;
mod event_log;
mod inputs_view;
mod intro;
mod knob_panel;
mod knobs;
mod lesson_panel;
mod lesson_picker;
mod loss_view;
mod metrics_view;
mod queue_view;
mod share;
mod store_view;
mod sweep_panel;

pub use cache_view::CacheView;
pub use calc_panel::{CalcPanel, CalcView};
pub use charts::Charts;
pub use compare_panel::{CompareAsk, ComparePanel};
pub use controls::Controls;
pub use dense_grid::{Cell, DenseGrid, DENSE_FROM};
pub use diagram::Diagram;
pub use editor::{check, pretty, Editor};
pub use event_log::EventLog;
pub use inputs_view::InputsView;
pub use intro::Intro;
pub use knob_panel::{KnobAsk, KnobPanel, KNOBS};
pub use knobs::Knobs;
pub use lesson_panel::{LessonPanel, LessonShown};
pub use lesson_picker::LessonPicker;
pub use loss_view::{LossView, SHOWN as LOSS_LIST_SHOWN};
pub use metrics_view::MetricsView;
pub use queue_view::QueueView;
pub use share::{Share, HIDABLE};
pub use store_view::StoreView;
pub use sweep_panel::{csv as sweep_csv, SweepPanel};

/// `x` with `decimals` digits after the point, without the float formatting
/// machinery of `core::fmt` (it would add kilobytes to the page).
#[must_use]
pub fn fixed(x: f64, decimals: u32) -> String {
    let scale = 10_i64.pow(decimals);
    let n = (x * scale as f64).round() as i64;
    let (sign, n) = if n < 0 { ("-", -n) } else { ("", n) };
    if decimals == 0 {
        format!("{sign}{n}")
    } else {
        format!(
            "{sign}{}.{:0width$}",
            n / scale,
            n % scale,
            width = decimals as usize
        )
    }
}

#[cfg(test)]
mod tests {
    use super::fixed;

    #[test]
    fn fixed_rounds_like_format() {
        for (x, d, want) in [
            (0.0, 0, "0"),
            (12.345, 1, "12.3"),
            (99.95, 0, "100"),
            (-1.25, 2, "-1.25"),
            (0.05, 2, "0.05"),
            (3.0, 2, "3.00"),
        ] {
            assert_eq!(fixed(x, d), want, "{x} {d}");
        }
    }
}
