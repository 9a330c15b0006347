//! A big cache or store drawn compactly: one small square per key, placed by
//! key number, one SVG path per state (so a render costs a few elements, not
//! one per key), each state with its own pattern as well as its colour and
//! a legend with words and counts. Click a square (or type a key) to read
//! that key's detail.

use dirtybit_sim::{Key, Version, Versioned};
use yew::prelude::*;

/// From this many keys on, the panels draw a dense grid instead of tiles.
pub const DENSE_FROM: u32 = 65;
/// Squares per row.
const COLS: u32 = 50;
/// A square's side, in drawing units (one more for the gap).
const CELL: u32 = 10;

/// One key in the grid: its state word (also its CSS class), what it
/// holds and, in the cache, the store's version. The detail sentence is
/// written only for the key a learner picks, not for every cell on every
/// render.
#[derive(Clone, Copy, PartialEq)]
pub struct Cell {
    /// The key.
    pub key: Key,
    /// The state's word.
    pub state: &'static str,
    /// The value and version held, if any.
    pub held: Option<Versioned>,
    /// The store's version, for a cache entry.
    pub store_version: Option<Version>,
}

impl Cell {
    /// The detail line: what is held, the state and what it means.
    fn detail(&self, meaning: &str) -> String {
        let held = self.held.map_or_else(
            || "nothing held".to_string(),
            |h| format!("{} ({})", h.value, h.version),
        );
        let store = self
            .store_version
            .map_or_else(String::new, |v| format!("; the store has {v}"));
        format!("{}: {held}, {}: {meaning}{store}.", self.key, self.state)
    }
}

/// Props of [`DenseGrid`].
#[derive(Properties, PartialEq)]
pub struct DenseGridProps {
    /// An id prefix, unique on the page (`cache`, `store`).
    pub id: &'static str,
    /// How many keys the workload has.
    pub keys: u32,
    /// The keys to draw, each once.
    pub cells: Vec<Cell>,
    /// The states in legend order, with what each means.
    pub legend: Vec<(&'static str, &'static str)>,
    /// The key the latest event touched.
    pub highlight: Option<Key>,
}

fn square(out: &mut String, key: u32) {
    let (x, y) = ((key % COLS) * (CELL + 1), (key / COLS) * (CELL + 1));
    out.push_str(&format!("M{x} {y}h{CELL}v{CELL}h-{CELL}z"));
}

/// The dense grid with its legend and detail line.
#[component]
pub fn DenseGrid(props: &DenseGridProps) -> Html {
    let selected = use_state(|| None::<u32>);
    let rows = props.keys.div_ceil(COLS);
    let (w, h) = (COLS * (CELL + 1), rows.max(1) * (CELL + 1));
    let mut paths: Vec<(&'static str, String, usize)> =
        props.legend.iter().map(|(s, _)| (*s, String::new(), 0)).collect();
    for c in &props.cells {
        if let Some(p) = paths.iter_mut().find(|(s, _, _)| *s == c.state) {
            square(&mut p.1, c.key.0);
            p.2 += 1;
        }
    }
    let on_click = {
        let selected = selected.clone();
        let keys = props.keys;
        Callback::from(move |e: MouseEvent| {
            let Some(svg) = e
                .current_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            else {
                return;
            };
            let rect = svg.get_bounding_client_rect();
            if rect.width() <= 0.0 {
                return;
            }
            let scale = f64::from(w) / rect.width();
            let x = ((f64::from(e.client_x()) - rect.left()) * scale) as u32 / (CELL + 1);
            let y = ((f64::from(e.client_y()) - rect.top()) * scale) as u32 / (CELL + 1);
            let key = y * COLS + x.min(COLS - 1);
            if key < keys {
                selected.set(Some(key));
            }
        })
    };
    let on_input = {
        let selected = selected.clone();
        let keys = props.keys;
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = input.value();
            let digits = text.trim().trim_start_matches('k');
            selected.set(digits.parse::<u32>().ok().filter(|k| *k < keys));
        })
    };
    let detail = selected.map(|k| {
        props.cells.iter().find(|c| c.key.0 == k).map_or_else(
            || format!("{}: not held here.", Key(k)),
            |c| {
                let meaning = props
                    .legend
                    .iter()
                    .find(|(s, _)| *s == c.state)
                    .map_or("", |(_, m)| *m);
                c.detail(meaning)
            },
        )
    });
    let mut touched = String::new();
    if let Some(k) = props.highlight {
        square(&mut touched, k.0);
    }
    let mut chosen = String::new();
    if let Some(k) = *selected {
        square(&mut chosen, k);
    }
    html! {
        <div class="dense" id={format!("{}-grid", props.id)}>
            <ul class="dense-legend">
                { for props.legend.iter().zip(&paths).map(|((state, meaning), (_, _, n))| html! {
                    <li title={*meaning} data-state={*state}>
                        <svg class="swatch" viewBox="0 0 10 10" aria-hidden="true">
                            <rect class={classes!("cell", *state)} width="10" height="10"
                                  fill={matches!(*state, "dirty" | "stale").then(|| format!("url(#{}-{state})", props.id))} />
                        </svg>
                        { format!("{state} {n}") }
                    </li>
                }) }
            </ul>
            <svg class="dense-cells" viewBox={format!("-1 -1 {} {}", w + 2, h + 2)} onclick={on_click}
                 role="img" aria-label={format!("{} keys, one square each, by state: {}", props.cells.len(),
                     paths.iter().map(|(s, _, n)| format!("{n} {s}")).collect::<Vec<_>>().join(", "))}>
                <defs>
                    // Dirty and stale squares are striped, not only coloured.
                    <pattern id={format!("{}-dirty", props.id)} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="4" height="4" fill="#E69F00" /><rect width="1.6" height="4" fill="#fff" />
                    </pattern>
                    <pattern id={format!("{}-stale", props.id)} width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">
                        <rect width="4" height="4" fill="#D55E00" /><rect width="1.6" height="4" fill="#fff" />
                    </pattern>
                </defs>
                <rect class="cell-bg" x="-1" y="-1" width={(w + 2).to_string()} height={(h + 2).to_string()} />
                { for paths.iter().filter(|(_, d, _)| !d.is_empty()).map(|(state, d, _)| {
                    let fill = matches!(*state, "dirty" | "stale").then(|| format!("url(#{}-{state})", props.id));
                    html! { <path class={classes!("cell", *state)} data-state={*state} d={d.clone()} fill={fill} /> }
                }) }
                if !touched.is_empty() { <path class="cell-touched" d={touched} /> }
                if !chosen.is_empty() { <path class="cell-chosen" d={chosen} /> }
            </svg>
            <p class="dense-detail">
                <label>{ "Inspect key " }
                    <input id={format!("{}-inspect", props.id)} type="text" inputmode="numeric" size="6"
                           placeholder={format!("0–{}", props.keys.saturating_sub(1))} onchange={on_input} />
                </label>
                <span id={format!("{}-detail", props.id)}>
                    { detail.unwrap_or_else(|| "Click a square, or type a key, to see its value and state.".to_string()) }
                </span>
            </p>
        </div>
    }
}
